<?php
/**
 * What the three read routes share: the registration named by the path's {id}, the
 * shape to answer in, scripted failures, and error bodies in that shape.
 *
 * The registration and its shape are looked up before MediaWiki validates the
 * parameters, because the parameters themselves differ by shape (include_private is
 * required on Meta and unknown to the REL1_39 branch). Validation and the 4xx answers
 * stay MediaWiki's own: the REL1_39 shape is exactly what MediaWiki 1.39 sends;
 * Meta's adds "errorKey", the message key, as newer MediaWiki does.
 */

namespace CampaignEventsDouble\Rest;

use CampaignEventsDouble\Store;
use MediaWiki\Rest\HttpException;
use MediaWiki\Rest\LocalizedHttpException;
use MediaWiki\Rest\SimpleHandler;
use MediaWiki\Rest\Validator\Validator;
use RuntimeException;
use Wikimedia\Message\MessageValue;
use Wikimedia\ParamValidator\ParamValidator;

abstract class RegistrationHandler extends SimpleHandler {

	/** @var array|null the registration of the path's id (deleted ones too) */
	protected $registration = null;

	/** @var string Store::META or Store::REL1_39 */
	protected $shape = Store::META;

	/** Which route this is, as a registration's fail_on names it. */
	abstract protected function routeName(): string;

	public function validate( Validator $restValidator ) {
		$rawId = $this->getRequest()->getPathParam( 'id' );
		if ( is_string( $rawId ) && ctype_digit( $rawId ) ) {
			$this->registration = Store::registration( (int)$rawId );
		}
		$this->shape = Store::shapeOf( $this->registration );
		$this->failIfScripted();
		try {
			parent::validate( $restValidator );
		} catch ( LocalizedHttpException $e ) {
			throw $this->shaped( $e->getMessageValue(), $e->getCode(), (array)$e->getErrorData() );
		}
	}

	/**
	 * A registration seeded with fail_status answers every read of this route with it:
	 * 500 as MediaWiki reports an uncaught exception, other codes as an HttpException.
	 */
	private function failIfScripted(): void {
		$status = $this->registration['fail_status'] ?? null;
		if ( $status === null || !in_array( $this->routeName(), $this->registration['fail_on'], true ) ) {
			return;
		}
		$message = "CampaignEventsDouble: scripted failure of event registration " .
			$this->registration['id'];
		if ( $status === 500 ) {
			throw new RuntimeException( $message );
		}
		throw new HttpException( $message, $status );
	}

	/**
	 * An error in this registration's shape: Meta's carries errorKey.
	 */
	protected function shaped( MessageValue $message, int $code, array $data = [] ): LocalizedHttpException {
		if ( $this->shape === Store::META ) {
			$data = [ 'errorKey' => $message->getKey() ] + $data;
		}
		return new LocalizedHttpException( $message, $code, $data ?: null );
	}

	/**
	 * The registration, deleted or not; 404 when the id has none.
	 */
	protected function registrationOrThrow(): array {
		if ( $this->registration === null ) {
			throw $this->shaped( new MessageValue( 'campaignevents-rest-event-not-found' ), 404 );
		}
		return $this->registration;
	}

	protected function isMeta(): bool {
		return $this->shape === Store::META;
	}

	/**
	 * The path's id, an integer as on the real routes (else 400 badinteger).
	 */
	protected function idParamSetting(): array {
		return [
			'id' => [
				self::PARAM_SOURCE => 'path',
				ParamValidator::PARAM_TYPE => 'integer',
				ParamValidator::PARAM_REQUIRED => true,
			],
		];
	}

	public function needsWriteAccess() {
		return false;
	}
}
