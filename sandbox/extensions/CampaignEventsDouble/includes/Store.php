<?php
/**
 * The registrations the double serves, read from the JSON file the sandbox writes
 * (sandbox/campaignevents.py, $wgCampaignEventsDoubleDataFile).
 *
 * A file rather than database tables: the sandbox writes it from Python with no PHP
 * start-up and no schema update, atomically (write and rename), and nothing of it shows
 * through api.php, which the bot reads (a JSON page would show in allpages and
 * recentchanges). One file serves all the wikis of a sandbox, as Wikimedia's wikis share
 * one events database: a registration id means the same event on every wiki.
 *
 * File: {"shape": "meta"|"REL1_39", "registrations": {"<id>": registration}}, each
 * registration as sandbox/campaignevents.py's record() writes it. Read once per request.
 */

namespace CampaignEventsDouble;

use MediaWiki\MediaWikiServices;
use RuntimeException;
use Title;

class Store {
	/** Meta's shape today (CampaignEvents master). */
	public const META = 'meta';
	/** The REL1_39 branch's shape (as recorded on MediaWiki 1.39). */
	public const REL1_39 = 'REL1_39';

	/** @var array|null this request's copy of the file */
	private static $data = null;

	private static function data(): array {
		if ( self::$data === null ) {
			$path = MediaWikiServices::getInstance()->getMainConfig()
				->get( 'CampaignEventsDoubleDataFile' );
			self::$data = [ 'shape' => self::META, 'registrations' => [] ];
			if ( $path && is_file( $path ) ) {
				$read = json_decode( (string)file_get_contents( $path ), true );
				if ( !is_array( $read ) ) {
					throw new RuntimeException( "CampaignEventsDouble: $path is not a JSON object; " .
						'write it with sandbox/campaignevents.py, never by hand' );
				}
				self::$data = $read + self::$data;
			}
		}
		return self::$data;
	}

	/**
	 * The registration with this id, deleted ones included; null when there is none.
	 */
	public static function registration( int $id ): ?array {
		return self::data()['registrations'][(string)$id] ?? null;
	}

	/**
	 * The shape a registration answers in: its own, else the file's (also for unknown ids).
	 */
	public static function shapeOf( ?array $registration ): string {
		$shape = $registration['shape'] ?? null;
		return $shape ?? self::data()['shape'];
	}

	/**
	 * The live registration whose event page is this page of this wiki, as the real
	 * extension finds one for a page view; null when none (or only a deleted one).
	 */
	public static function forPage( Title $page, string $wikiId ): ?array {
		foreach ( self::data()['registrations'] as $registration ) {
			if ( $registration['deleted'] || $registration['event_page_wiki'] !== $wikiId ) {
				continue;
			}
			$title = Title::newFromText( $registration['event_page'] );
			if ( $title && $title->equals( $page ) ) {
				return $registration;
			}
		}
		return null;
	}
}
