<?php
/**
 * Test-only double of CentralAuth's action=query&meta=globaluserinfo (guiuser, guiprop).
 *
 * Each global account is a wiki page titled "CentralAuthDouble/<user name>" whose text
 * is JSON {"home": "enwiki", "id": 7, "registration": "2015-01-01T00:00:00Z",
 * "merged": [{"wiki": "enwiki", "url": "https://en.wikipedia.org", "timestamp": "…",
 * "method": "login", "editcount": 12, "registration": "…"}]}, loaded by the sandbox
 * tooling. The answer has CentralAuth's shape (see README.md beside this folder):
 * query.globaluserinfo with home, id, registration, name; "merged" only when guiprop
 * has merged, "editcount" (the attached accounts' sum) only when it has editcount;
 * {"missing": ""} for a user without a page.
 */

namespace CentralAuthDouble;

use ApiBase;
use ApiQueryBase;
use MediaWiki\MediaWikiServices;
use TextContent;
use Title;
use Wikimedia\ParamValidator\ParamValidator;

class ApiQueryGlobalUserInfo extends ApiQueryBase {

	public function __construct( $query, $moduleName ) {
		parent::__construct( $query, $moduleName, 'gui' );
	}

	public function execute() {
		$params = $this->extractRequestParams();
		$prop = array_flip( (array)$params['prop'] );
		$name = $params['user'] ?? $this->getUser()->getName();
		$account = $this->account( $name );
		$result = $this->getResult();
		if ( $account === null ) {
			$result->addValue( 'query', $this->getModuleName(), [ 'missing' => '' ] );
			return;
		}
		$data = [
			'home' => $account['home'] ?? null,
			'id' => $account['id'] ?? 1,
			'registration' => $account['registration'] ?? '2015-01-01T00:00:00Z',
			'name' => $name,
		];
		$merged = $account['merged'] ?? [];
		if ( isset( $prop['merged'] ) ) {
			$data['merged'] = $merged;
		}
		if ( isset( $prop['editcount'] ) ) {
			$data['editcount'] = array_sum( array_column( $merged, 'editcount' ) );
		}
		$result->addValue( 'query', $this->getModuleName(), $data );
		if ( isset( $prop['merged'] ) ) {
			$result->addIndexedTagName( [ 'query', $this->getModuleName(), 'merged' ], 'account' );
		}
	}

	/** The account's JSON page, or null when there is none. */
	private function account( string $name ): ?array {
		$title = Title::makeTitleSafe( NS_MAIN, 'CentralAuthDouble/' . $name );
		if ( !$title || !$title->exists() ) {
			return null;
		}
		$page = MediaWikiServices::getInstance()->getWikiPageFactory()->newFromTitle( $title );
		$content = $page->getContent();
		$data = $content instanceof TextContent ? json_decode( $content->getText(), true ) : null;
		return is_array( $data ) ? $data : null;
	}

	public function getCacheMode( $params ) {
		return 'public';
	}

	public function getAllowedParams() {
		return [
			'user' => [ ParamValidator::PARAM_TYPE => 'string' ],
			'prop' => [
				ParamValidator::PARAM_TYPE => [ 'groups', 'rights', 'merged', 'unattached', 'editcount' ],
				ParamValidator::PARAM_ISMULTI => true,
			],
		];
	}
}
