<?php
/**
 * A viewed event page says which registration it has, as the real extension's page
 * decorator does: "wgCampaignEventsEventID" in the page's mw.config and a link to
 * Special:EventDetails/N in its header. Only on a normal view (ArticleViewHeader), so
 * neither is in action=parse output; nothing for a deleted registration, a redirect,
 * a missing page or a page outside the Event namespace.
 */

namespace CampaignEventsDouble;

use Html;
use MediaWiki\Page\Hook\ArticleViewHeaderHook;
use Title;
use WikiMap;

class EventPageHooks implements ArticleViewHeaderHook {

	public function onArticleViewHeader( $article, &$outputDone, &$pcache ) {
		$page = $article->getPage();
		if ( $page->getNamespace() !== NS_EVENT || !$page->exists() || $page->isRedirect() ) {
			return;
		}
		$registration = Store::forPage( $page->getTitle(), WikiMap::getCurrentWikiId() );
		if ( $registration === null ) {
			return;
		}
		$out = $article->getContext()->getOutput();
		$out->addJsConfigVars( 'wgCampaignEventsEventID', $registration['id'] );
		$details = Title::makeTitle( NS_SPECIAL, 'EventDetails/' . $registration['id'] );
		$out->addHTML( Html::rawElement( 'div', [ 'class' => 'ext-campaignevents-eventpage-header' ],
			Html::element( 'a', [ 'href' => $details->getLocalURL() ], $registration['name'] ) ) );
	}
}
