<?php
# Bulk helper for the sandbox wikis (users, edits, link refresh): one PHP process
# does what would take thousands of createAndPromote.php / edit.php runs (each
# ~0.3 s of PHP start-up). Input: JSON lines on stdin; output: one JSON line per
# input line. Run as a maintenance script by sandbox/writes.py.
$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$IP/maintenance/Maintenance.php";

use MediaWiki\MediaWikiServices;
use MediaWiki\Revision\SlotRecord;

class WikiGapSandboxTool extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addDescription( 'wikigap sandbox bulk helper: users | edits | refresh' );
		$this->addArg( 'command', 'users, edits or refresh' );
	}

	public function execute() {
		$cmd = $this->getArg( 0 );
		if ( $cmd === 'users' ) {
			$this->users();
		} elseif ( $cmd === 'edits' ) {
			$this->edits();
		} elseif ( $cmd === 'refresh' ) {
			$this->refresh();
		} else {
			$this->fatalError( "unknown command $cmd" );
		}
	}

	private function lines() {
		while ( ( $line = fgets( STDIN ) ) !== false ) {
			$line = trim( $line );
			if ( $line !== '' ) {
				yield json_decode( $line, true );
			}
		}
	}

	private function users() {
		$services = MediaWikiServices::getInstance();
		$userFactory = $services->getUserFactory();
		$groupManager = $services->getUserGroupManager();
		$dbw = $this->getDB( DB_PRIMARY );
		$created = 0;
		$batch = 0;
		$this->beginTransaction( $dbw, __METHOD__ );
		foreach ( $this->lines() as $spec ) {
			$user = $userFactory->newFromName( $spec['name'], 'creatable' );
			if ( !$user ) {
				$this->fatalError( "invalid user name: {$spec['name']}" );
			}
			if ( $user->getId() === 0 ) {
				$user = User::createNew( $user->getName() );
				if ( !$user ) {
					$this->fatalError( "could not create user {$spec['name']}" );
				}
				$created++;
			}
			if ( $spec['groups'] ) {
				$groupManager->addUserToMultipleGroups( $user, $spec['groups'] );
			}
			if ( isset( $spec['password'] ) && $spec['password'] !== null ) {
				$status = $user->changeAuthenticationData( [
					'username' => $user->getName(),
					'password' => $spec['password'],
					'retype' => $spec['password'],
				] );
				if ( !$status->isGood() ) {
					$this->fatalError( "password for {$spec['name']}: " .
						$status->getMessage( false, false, 'en' )->text() );
				}
				$user->saveSettings();
			}
			$this->output( json_encode( [ 'name' => $user->getName(), 'id' => $user->getId() ] ) . "\n" );
			if ( ++$batch >= 1000 ) {
				$this->commitTransaction( $dbw, __METHOD__ );
				$this->beginTransaction( $dbw, __METHOD__ );
				$batch = 0;
			}
		}
		$this->commitTransaction( $dbw, __METHOD__ );
		if ( $created ) {
			SiteStatsUpdate::factory( [ 'users' => $created ] )->doUpdate();
		}
	}

	/**
	 * Links, categories and templates of the current revision of each page
	 * (one parse per page; importDump would parse every revision).
	 */
	private function refresh() {
		$pageFactory = MediaWikiServices::getInstance()->getWikiPageFactory();
		foreach ( $this->lines() as $spec ) {
			$title = Title::newFromText( $spec['title'] );
			if ( $title && $title->exists() ) {
				$pageFactory->newFromTitle( $title )->doSecondaryDataUpdates(
					[ 'recursive' => false, 'causeAction' => 'import' ] );
				DeferredUpdates::doUpdates();
			}
			$this->output( json_encode( [ 'title' => $spec['title'] ] ) . "\n" );
		}
	}

	private function edits() {
		$services = MediaWikiServices::getInstance();
		$userFactory = $services->getUserFactory();
		$pageFactory = $services->getWikiPageFactory();
		foreach ( $this->lines() as $spec ) {
			$user = $userFactory->newFromName( $spec['user'] );
			if ( !$user || $user->getId() === 0 ) {
				$this->fatalError( "no such user: {$spec['user']}" );
			}
			$title = Title::newFromText( $spec['title'] );
			if ( !$title ) {
				$this->fatalError( "invalid title: {$spec['title']}" );
			}
			$page = $pageFactory->newFromTitle( $title );
			$updater = $page->newPageUpdater( $user );
			$updater->setContent( SlotRecord::MAIN, ContentHandler::makeContent( $spec['text'], $title ) );
			$rev = $updater->saveRevision(
				CommentStoreComment::newUnsavedComment( $spec['summary'] ),
				( $spec['minor'] ? EDIT_MINOR : 0 ) | ( $spec['bot'] ? EDIT_FORCE_BOT : 0 )
			);
			$status = $updater->getStatus();
			if ( !$status->isOK() ) {
				$this->fatalError( "edit of {$spec['title']} failed: " .
					$status->getMessage( false, false, 'en' )->text() );
			}
			DeferredUpdates::doUpdates();
			$this->output( json_encode( [
				'title' => $title->getPrefixedText(),
				'revid' => $rev ? $rev->getId() : null,
			] ) . "\n" );
		}
	}
}

$maintClass = WikiGapSandboxTool::class;
require_once RUN_MAINTENANCE_IF_MAIN;
