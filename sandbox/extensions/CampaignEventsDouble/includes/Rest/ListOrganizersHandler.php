<?php
/**
 * GET /campaignevents/v0/event_registration/{id}/organizers.
 *
 * Hidden and vanished organizers are skipped in both shapes (after the limit, so a page
 * can be short). Meta's shape: 11 a page after last_organizer_id, items with
 * organizer_id, user_id, user_name, roles and user_page. The REL1_39 shape: the first 50,
 * no paging parameter, items with user_id and roles only.
 */

namespace CampaignEventsDouble\Rest;

use MediaWiki\Rest\Response;
use Wikimedia\ParamValidator\ParamValidator;

class ListOrganizersHandler extends RegistrationHandler {
	private const META_LIMIT = 11;
	private const REL1_39_LIMIT = 50;

	protected function routeName(): string {
		return 'organizers';
	}

	protected function run( int $id ): Response {
		$organizers = $this->registrationOrThrow()['organizers'];
		$after = $this->isMeta() ? $this->getValidatedParams()['last_organizer_id'] : null;
		$rows = array_filter( $organizers, static function ( array $o ) use ( $after ) {
			return $after === null || $o['organizer_id'] > $after;
		} );
		usort( $rows, static function ( array $a, array $b ) {
			return $a['organizer_id'] <=> $b['organizer_id'];
		} );
		$limit = $this->isMeta() ? self::META_LIMIT : self::REL1_39_LIMIT;
		$items = [];
		foreach ( array_slice( $rows, 0, $limit ) as $row ) {
			if ( $row['hidden'] || $row['not_found'] ) {
				continue;
			}
			$items[] = $this->isMeta() ? [
				'organizer_id' => $row['organizer_id'],
				'user_id' => $row['user_id'],
				'user_name' => $row['user_name'],
				'roles' => $row['roles'],
				'user_page' => ListParticipantsHandler::userPage( $row['user_id'], $row['user_name'] ),
			] : [
				'user_id' => $row['user_id'],
				'roles' => $row['roles'],
			];
		}
		return $this->getResponseFactory()->createJson( $items );
	}

	public function getParamSettings() {
		$settings = $this->idParamSetting();
		if ( $this->isMeta() ) {
			$settings['last_organizer_id'] = [
				self::PARAM_SOURCE => 'query',
				ParamValidator::PARAM_TYPE => 'integer',
			];
		}
		return $settings;
	}
}
