import type {DocumentLoader} from '@digitalbazaar/vc';
import {CONTEXTS, isPinnedContext, loadContext} from '../contexts.ts';
import {DocumentUnavailableError, type DocumentResolver} from '../documents.ts';
import {errorMessage} from './json.ts';
import {resolveController, resolveVerificationMethod, type ControllerDocument, type ResolvedKey} from './keys.ts';

/**
 * The JSON-LD document loader for one verification. It serves pinned
 * contexts, the verification methods the proofs name, and the controller
 * documents those methods point at — nothing else, so that no URL a
 * credential mentions is ever fetched as a context.
 */
export interface KeyLedger {
  /** Verification methods resolved, by id. */
  keys: Map<string, ResolvedKey>;
  /** Why a verification method or controller could not be resolved, by URL. */
  failures: Map<string, string>;
  /** Those of `failures` that are for want of a document that could not be obtained (the check is indeterminate, not failed). */
  unavailable: Set<string>;
}

export interface ProofDocumentLoader {
  documentLoader: DocumentLoader;
  ledger: KeyLedger;
}

function remote(url: string, document: unknown) {
  return {contextUrl: null, documentUrl: url, document};
}

/** A controller document in the shape jsonld-signatures checks without JSON-LD framing. */
function controllerJson(controller: ControllerDocument): Record<string, unknown> {
  return {'@context': CONTEXTS.did, id: controller.id, assertionMethod: controller.assertionMethod, authentication: controller.authentication};
}

export function createDocumentLoader(options: {
  resolver: DocumentResolver;
  issuerId: string | undefined;
  verificationMethods: string[];
}): ProofDocumentLoader {
  const ledger: KeyLedger = {keys: new Map(), failures: new Map(), unavailable: new Set()};
  const fail = (id: string, error: unknown): never => {
    ledger.failures.set(id, errorMessage(error));
    if (error instanceof DocumentUnavailableError) ledger.unavailable.add(id);
    throw error;
  };
  const methods = new Map<string, Promise<ResolvedKey>>();
  const controllers = new Map<string, Promise<ControllerDocument>>();
  const expectedControllers = new Set<string>();

  function method(id: string): Promise<ResolvedKey> {
    let pending = methods.get(id);
    if (!pending) {
      pending = resolveVerificationMethod(id, {resolver: options.resolver, issuerId: options.issuerId}).then(
        (key) => {
          ledger.keys.set(id, key);
          expectedControllers.add(key.controller);
          if (key.controllerDocument) controllers.set(key.controllerDocument.id, Promise.resolve(key.controllerDocument));
          return key;
        },
        (error: unknown) => fail(id, error),
      );
      methods.set(id, pending);
    }
    return pending;
  }

  function controller(id: string): Promise<ControllerDocument> {
    let pending = controllers.get(id);
    if (!pending) {
      pending = resolveController(id, options.resolver).catch((error: unknown) => fail(id, error));
      controllers.set(id, pending);
    }
    return pending;
  }

  const wanted = new Set(options.verificationMethods);
  const documentLoader: DocumentLoader = async (url) => {
    if (isPinnedContext(url)) return loadContext(url);
    if (wanted.has(url)) return remote(url, (await method(url)).method);
    if (expectedControllers.has(url)) return remote(url, controllerJson(await controller(url)));
    // Unknown URLs are refused with the pinned-context error: they can only be contexts here.
    return loadContext(url);
  };
  return {documentLoader, ledger};
}
