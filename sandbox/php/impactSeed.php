<?php
/**
 * Sandbox-only maintenance script: what Wikibase, time and patrollers leave
 * behind on a wiki, written the way MediaWiki stores it, for the impact metrics.
 *
 *   pageprops     {"title", "name", "value"}     a page_props row (e.g. wikibase_item, as
 *                                               Wikibase's client sets it); value null removes it
 *   registration  {"name", "timestamp"}          user.user_registration (YYYYMMDDHHMMSS or null)
 *   tags          {"title", "timestamp", "tags"} change tags on the page's revision of that
 *                                               second, through ChangeTags::addTags
 *
 * Input: JSON lines on stdin. Output: one JSON line per input line.
 * A later links update of a page (an edit, an import's refresh) rewrites its
 * page_props from the parser, so seed page properties after the page's edits.
 */
$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$IP/maintenance/Maintenance.php";

use MediaWiki\MediaWikiServices;

class WikiGapImpactSeed extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addDescription( 'wikigap sandbox: page props, registration dates, change tags' );
		$this->addArg( 'command', 'pageprops, registration or tags' );
	}

	public function execute() {
		$command = $this->getArg( 0 );
		if ( !in_array( $command, [ 'pageprops', 'registration', 'tags' ], true ) ) {
			$this->fatalError( "unknown command $command" );
		}
		while ( ( $line = fgets( STDIN ) ) !== false ) {
			$spec = json_decode( trim( $line ), true );
			if ( is_array( $spec ) ) {
				$this->output( json_encode( $this->$command( $spec ) ) . "\n" );
			}
		}
	}

	private function pageId( string $text ): int {
		$title = Title::newFromText( $text );
		if ( !$title || !$title->exists() ) {
			$this->fatalError( "no such page: $text" );
		}
		return $title->getArticleID();
	}

	private function pageprops( array $spec ): array {
		$dbw = $this->getDB( DB_PRIMARY );
		$page = $this->pageId( $spec['title'] );
		$dbw->delete( 'page_props', [ 'pp_page' => $page, 'pp_propname' => $spec['name'] ], __METHOD__ );
		if ( $spec['value'] !== null ) {
			$dbw->insert( 'page_props', [ 'pp_page' => $page, 'pp_propname' => $spec['name'],
				'pp_value' => $spec['value'], 'pp_sortkey' => null ], __METHOD__ );
		}
		return [ 'pageid' => $page ];
	}

	private function registration( array $spec ): array {
		$user = MediaWikiServices::getInstance()->getUserFactory()->newFromName( $spec['name'] );
		if ( !$user || $user->getId() === 0 ) {
			$this->fatalError( "no such user: {$spec['name']}" );
		}
		$dbw = $this->getDB( DB_PRIMARY );
		$value = $spec['timestamp'] === null ? null : $dbw->timestamp( $spec['timestamp'] );
		$dbw->update( 'user', [ 'user_registration' => $value ], [ 'user_id' => $user->getId() ], __METHOD__ );
		$user->invalidateCache();
		return [ 'name' => $user->getName(), 'id' => $user->getId() ];
	}

	private function tags( array $spec ): array {
		$dbw = $this->getDB( DB_PRIMARY );
		$revId = (int)$dbw->selectField( 'revision', 'rev_id', [
			'rev_page' => $this->pageId( $spec['title'] ),
			'rev_timestamp' => $dbw->timestamp( $spec['timestamp'] ),
		], __METHOD__ );
		if ( !$revId ) {
			$this->fatalError( "no revision of {$spec['title']} at {$spec['timestamp']}" );
		}
		ChangeTags::addTags( $spec['tags'], null, $revId );
		return [ 'revid' => $revId ];
	}
}

$maintClass = WikiGapImpactSeed::class;
require_once RUN_MAINTENANCE_IF_MAIN;
