<?php
/**
 * GET /campaignevents/v0/event_registration/{id}: one registration.
 *
 * Meta's shape: local times with "timezone", wikis, country code, tracking tools;
 * meeting_url and chat_url are null when the event has none and left out otherwise
 * (only its participants and organizers see them, and the double serves anonymous
 * readers). The REL1_39 shape: UTC times, a free-text meeting_country, both URLs always.
 * Keys in the real answers' order. A deleted registration answers 404.
 */

namespace CampaignEventsDouble\Rest;

use MediaWiki\Rest\Response;
use Wikimedia\Message\MessageValue;

class GetRegistrationHandler extends RegistrationHandler {

	protected function routeName(): string {
		return 'registration';
	}

	protected function run( int $id ): Response {
		$registration = $this->registrationOrThrow();
		if ( $registration['deleted'] ) {
			throw $this->shaped( new MessageValue( 'campaignevents-rest-get-registration-deleted' ), 404 );
		}
		$body = $this->isMeta() ? $this->metaBody( $registration ) : $this->rel139Body( $registration );
		return $this->getResponseFactory()->createJson( $body );
	}

	private function metaBody( array $r ): array {
		$body = [
			'id' => $r['id'],
			'name' => $r['name'],
			'event_page' => $r['event_page'],
			'event_page_wiki' => $r['event_page_wiki'],
			'status' => $r['status'],
			'timezone' => $r['timezone'],
			'start_time' => $r['start_local'],
			'end_time' => $r['end_local'],
			'types' => $r['types'],
			'wikis' => $r['wikis'],
			'topics' => $r['topics'],
			'online_meeting' => $r['online_meeting'],
			'inperson_meeting' => $r['inperson_meeting'],
			'meeting_country_code' => $r['meeting_country_code'],
			'meeting_address' => $r['meeting_address'],
			'is_test_event' => $r['is_test_event'],
			'tracks_contributions' => $r['tracks_contributions'],
			'goal_type' => $r['goal_type'],
			'goal_target' => $r['goal_target'],
			'tracking_tools' => $r['tracking_tools'],
			'questions' => $r['questions'],
		];
		foreach ( [ 'meeting_url', 'chat_url' ] as $url ) {
			if ( !$r[$url] ) {
				$body[$url] = null;
			}
		}
		return $body;
	}

	private function rel139Body( array $r ): array {
		return [
			'id' => $r['id'],
			'name' => $r['name'],
			'event_page' => $r['event_page'],
			'event_page_wiki' => $r['event_page_wiki'],
			'chat_url' => $r['chat_url'],
			'status' => $r['status'],
			'start_time' => $r['start_utc'],
			'end_time' => $r['end_utc'],
			'online_meeting' => $r['online_meeting'],
			'inperson_meeting' => $r['inperson_meeting'],
			'meeting_url' => $r['meeting_url'],
			'meeting_country' => $r['meeting_country'],
			'meeting_address' => $r['meeting_address'],
		];
	}

	public function getParamSettings() {
		return $this->idParamSetting();
	}
}
