<?php
/**
 * GET /campaignevents/v0/event_registration/{id}/participants: 20 a page.
 *
 * As both branches do: cancelled participants never listed; rows ordered by
 * participant_id after last_participant_id; without a filter the page is the next 20
 * rows, with username_filter (case-insensitive substring of visible names) the next 20
 * matches; an empty filter is a 400; a deleted registration still answers.
 * Meta's shape: include_private is required (400 missingparam), true is refused (403:
 * the double's readers are anonymous), private rows are left out before the limit,
 * exclude_users drops user ids, and a hidden or vanished account is an item with
 * "hidden" or "not_found" and no name. The REL1_39 shape: no such parameter (ignored),
 * no private field, and hidden or vanished accounts dropped after the limit, so a page
 * can be short before the end.
 */

namespace CampaignEventsDouble\Rest;

use Linker;
use MediaWiki\Rest\Response;
use RequestContext;
use Sanitizer;
use Wikimedia\Message\MessageValue;
use Wikimedia\ParamValidator\ParamValidator;

class ListParticipantsHandler extends RegistrationHandler {
	private const RES_LIMIT = 20;

	protected function routeName(): string {
		return 'participants';
	}

	protected function run( int $id ): Response {
		$registration = $this->registrationOrThrow();
		$params = $this->getValidatedParams();
		$filter = $params['username_filter'];
		if ( $filter === '' ) {
			throw $this->shaped(
				new MessageValue( 'campaignevents-rest-list-participants-empty-filter' ), 400 );
		}
		if ( $this->isMeta() && $params['include_private'] ) {
			throw $this->shaped(
				new MessageValue( 'campaignevents-rest-list-participants-cannot-see-private' ), 403 );
		}
		$rows = $this->page( $registration['participants'], $params['last_participant_id'], $filter,
			$params['exclude_users'] ?? [] );
		$items = [];
		foreach ( $rows as $row ) {
			$item = $this->isMeta() ? $this->metaItem( $row ) : $this->rel139Item( $row );
			if ( $item !== null ) {
				$items[] = $item;
			}
		}
		return $this->getResponseFactory()->createJson( $items );
	}

	/**
	 * The rows of this page, before hidden accounts are dropped (REL1_39) or marked (Meta).
	 */
	private function page( array $participants, ?int $after, ?string $filter, array $exclude ): array {
		$rows = array_filter( $participants, function ( array $p ) use ( $after, $exclude ) {
			return !$p['cancelled']
				&& ( $after === null || $p['participant_id'] > $after )
				&& !( $this->isMeta() && $p['private'] )
				&& !in_array( $p['user_id'], $exclude, true );
		} );
		usort( $rows, static function ( array $a, array $b ) {
			return $a['participant_id'] <=> $b['participant_id'];
		} );
		if ( $filter !== null ) {
			$rows = array_filter( $rows, static function ( array $p ) use ( $filter ) {
				return !$p['hidden'] && !$p['not_found'] && stripos( $p['user_name'], $filter ) !== false;
			} );
		}
		return array_slice( array_values( $rows ), 0, self::RES_LIMIT );
	}

	private function registeredAt( array $row ): array {
		$language = RequestContext::getMain()->getLanguage();
		return [
			'user_registered_at' => $row['registered_at'],
			'user_registered_at_formatted' => $language->userTimeAndDate(
				$row['registered_at'], $this->getAuthority()->getUser() ),
		];
	}

	private function metaItem( array $row ): array {
		$item = [ 'participant_id' => $row['participant_id'], 'user_id' => $row['user_id'] ]
			+ $this->registeredAt( $row ) + [ 'private' => $row['private'] ];
		if ( $row['hidden'] ) {
			$item['hidden'] = true;
		} elseif ( $row['not_found'] ) {
			$item['not_found'] = true;
		} else {
			$item['user_name'] = $row['user_name'];
			$item['user_page'] = self::userPage( $row['user_id'], $row['user_name'] );
		}
		return $item;
	}

	private function rel139Item( array $row ): ?array {
		if ( $row['hidden'] || $row['not_found'] ) {
			return null;
		}
		return [
			'participant_id' => $row['participant_id'],
			'user_id' => $row['user_id'],
			'user_name' => $row['user_name'],
		] + $this->registeredAt( $row );
	}

	/**
	 * Where the user's name links to, as the real extension reads it off MediaWiki's user link.
	 */
	public static function userPage( int $userId, string $userName ): array {
		$attribs = Sanitizer::decodeTagAttributes( Linker::userLink( $userId, $userName ) );
		return [
			'path' => $attribs['href'] ?? '',
			'title' => $attribs['title'] ?? '',
			'classes' => $attribs['class'] ?? '',
		];
	}

	/**
	 * The parameters in the real routes' order (validation stops at the first bad one).
	 */
	public function getParamSettings() {
		$query = [ self::PARAM_SOURCE => 'query' ];
		$settings = $this->idParamSetting();
		if ( $this->isMeta() ) {
			$settings['include_private'] = $query + [
				ParamValidator::PARAM_REQUIRED => true,
				ParamValidator::PARAM_TYPE => 'boolean',
			];
		}
		$settings['last_participant_id'] = $query + [ ParamValidator::PARAM_TYPE => 'integer' ];
		$settings['username_filter'] = $query + [ ParamValidator::PARAM_TYPE => 'string' ];
		if ( $this->isMeta() ) {
			$settings['exclude_users'] = $query + [
				ParamValidator::PARAM_TYPE => 'integer',
				ParamValidator::PARAM_ISMULTI => true,
			];
		}
		return $settings;
	}
}
