<?php
/**
 * Test-only double of Wikibase's action=wbgetentities (by ids only).
 *
 * Each entity is a wiki page titled by its id (e.g. "Q42") whose text is the
 * entity's canonical JSON ({"type":"item","id":"Q42","claims":{...}}), loaded
 * by the sandbox tooling. The answer has Wikibase's shape: "entities" keyed by
 * the requested id, each with type and id, "claims" when props has claims, the
 * page's pageid/ns/title/lastrevid/modified when props has info, "sitelinks"
 * (site -> {site, title, badges}) when props has sitelinks, "labels" (language ->
 * {language, value}, only the "languages" asked for when given) when props has labels, and
 * {"id": "Q..", "missing": ""} for an id without a page; then "success": 1.
 * "ids" is a multi-value parameter, so MediaWiki itself refuses more than 50
 * ids (500 for accounts with apihighlimits), as on Wikidata.
 */

namespace WikibaseDouble;

use ApiBase;
use ApiResult;
use MediaWiki\MediaWikiServices;
use TextContent;
use Title;
use Wikimedia\ParamValidator\ParamValidator;

class ApiGetEntities extends ApiBase {

	public function execute() {
		$params = $this->extractRequestParams();
		$props = array_flip( $params['props'] );
		$entities = [];
		foreach ( $params['ids'] as $id ) {
			$entities[$id] = $this->entity( strtoupper( $id ), $props, $params['languages'] );
		}
		$entities[ApiResult::META_TYPE] = 'assoc';
		$this->getResult()->addValue( null, 'entities', $entities );
		$this->getResult()->addValue( null, 'success', 1 );
	}

	/**
	 * One entity as Wikibase serializes it, or the "missing" stub.
	 */
	private function entity( string $id, array $props, ?array $languages ): array {
		$title = Title::makeTitleSafe( NS_MAIN, $id );
		if ( !$title || !$title->exists() ) {
			return [ 'id' => $id, 'missing' => '' ];
		}
		$page = MediaWikiServices::getInstance()->getWikiPageFactory()->newFromTitle( $title );
		$content = $page->getContent();
		$data = $content instanceof TextContent ? json_decode( $content->getText(), true ) : null;
		if ( !is_array( $data ) ) {
			return [ 'id' => $id, 'missing' => '' ];
		}
		$entity = [];
		if ( isset( $props['info'] ) ) {
			$entity += [
				'pageid' => $title->getArticleID(),
				'ns' => $title->getNamespace(),
				'title' => $title->getPrefixedText(),
				'lastrevid' => $page->getLatest(),
				'modified' => wfTimestamp( TS_ISO_8601, $page->getTimestamp() ),
			];
		}
		$entity['type'] = $data['type'] ?? 'item';
		$entity['id'] = $id;
		if ( isset( $props['claims'] ) ) {
			$claims = $data['claims'] ?? [];
			$claims[ApiResult::META_TYPE] = 'assoc';
			$entity['claims'] = $claims;
		}
		if ( isset( $props['sitelinks'] ) ) {
			// Wikibase's shape: site id -> {site, title, badges: [item ids]}
			$sitelinks = $data['sitelinks'] ?? [];
			$sitelinks[ApiResult::META_TYPE] = 'assoc';
			$entity['sitelinks'] = $sitelinks;
		}
		if ( isset( $props['labels'] ) ) {
			$labels = $data['labels'] ?? [];
			if ( $languages !== null ) {
				$labels = array_intersect_key( $labels, array_flip( $languages ) );
			}
			$labels[ApiResult::META_TYPE] = 'assoc';
			$entity['labels'] = $labels;
		}
		return $entity;
	}

	public function getAllowedParams() {
		return [
			'ids' => [
				ParamValidator::PARAM_TYPE => 'string',
				ParamValidator::PARAM_ISMULTI => true,
				ParamValidator::PARAM_REQUIRED => true,
			],
			'props' => [
				ParamValidator::PARAM_TYPE => [ 'info', 'claims', 'sitelinks', 'labels' ],
				ParamValidator::PARAM_ISMULTI => true,
				ParamValidator::PARAM_DEFAULT => 'info|claims',
			],
			'languages' => [
				ParamValidator::PARAM_TYPE => 'string',
				ParamValidator::PARAM_ISMULTI => true,
			],
		];
	}

	public function isReadMode() {
		return true;
	}
}
