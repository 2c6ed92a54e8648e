import express, {type Express} from 'express';
import type {Config} from './config.ts';
import {loadMasterSecret} from './secrets.ts';
import {openStore} from './store/open.ts';
import type {Store} from './store/port.ts';
import {Fetcher} from './net/fetcher.ts';
import {FetcherDocumentSource} from './credentials/fetched-documents.ts';
import {CONTEXTS} from './credentials/contexts.ts';
import {DocumentResolver, VERIFICATION_BUDGET, type DocumentSource} from './credentials/documents.ts';
import {KeyVault} from './credentials/key-vault.ts';
import {IssuerService} from './credentials/issuers.ts';
import {StatusListService} from './credentials/status-lists.ts';
import {CredentialRecords} from './credentials/credential-records.ts';
import {IssuanceService} from './credentials/issue.ts';
import {CredentialStatusService} from './credentials/credential-status.ts';
import {LocalDocumentSource} from './credentials/local-documents.ts';
import {verify} from './credentials/verify/index.ts';
import {assertTractable} from './json-limits.ts';
import type {VerificationReport} from './credentials/report.ts';
import {TokenService} from './auth/tokens.ts';
import {bearerAuth} from './http/auth.ts';
import {errorHandler, notFoundHandler} from './http/errors.ts';
import {issuersRouter} from './http/issuers.ts';
import {adminRouter} from './http/admin.ts';
import {credentialsRouter} from './http/credentials.ts';

/** Everything the HTTP edge and the CLI call; plain services, no Express. */
export interface Services {
  config: Config;
  store: Store;
  contexts: typeof CONTEXTS;
  issuers: IssuerService;
  statusLists: StatusListService;
  records: CredentialRecords;
  issuance: IssuanceService;
  credentialStatus: CredentialStatusService;
  tokens: TokenService;
  resolver: DocumentResolver;
  verify(input: unknown): Promise<VerificationReport>;
}

export interface Hallmark {
  services: Services;
  app: Express;
  /** Set when this start generated the admin token; shown once, stored only hashed. */
  generatedAdminToken: string | null;
  /** Admin tokens this start revoked because HALLMARK_ADMIN_TOKEN replaced them. */
  revokedAdminTokens: number;
  close(): Promise<void>;
}

/** The composition root: config → store → services → Express app. */
export async function createHallmark(config: Config, options: {extraDocumentSources?: DocumentSource[]} = {}): Promise<Hallmark> {
  const store = await openStore(config.databaseUrl, config.dataDir);
  try {
    const vault = new KeyVault(loadMasterSecret(config.dataDir, config.secret));
    const issuers = await IssuerService.open(store, vault, config.publicUrl);
    const statusLists = await StatusListService.open(store, issuers, config.publicUrl);
    const records = await CredentialRecords.open(store, config.publicUrl);
    const issuance = await IssuanceService.open(store, issuers, statusLists, records);
    const tokens = await TokenService.open(store);
    const admin = await tokens.bootstrapAdmin(config.adminToken);
    const fetcher = new Fetcher({allowHosts: config.fetchAllowHosts});
    const resolver = new DocumentResolver([
      new LocalDocumentSource(config.publicUrl, issuers, statusLists),
      ...(options.extraDocumentSources ?? []),
      new FetcherDocumentSource(fetcher),
    ]);
    const services: Services = {
      config,
      store,
      contexts: CONTEXTS,
      issuers,
      statusLists,
      records,
      issuance,
      credentialStatus: new CredentialStatusService(records, statusLists),
      tokens,
      resolver,
      verify: (input) => verify(input, {resolver: resolver.withBudget(VERIFICATION_BUDGET)}),
    };
    return {services, app: createApp(services), generatedAdminToken: admin.generated, revokedAdminTokens: admin.revoked, close: () => store.close()};
  } catch (error) {
    await store.close();
    throw error;
  }
}

export function createApp(services: Services): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(express.json({limit: services.config.maxBodyBytes, type: ['application/json', 'application/ld+json', 'application/*+json']}));
  app.use((req, _res, next) => {
    assertTractable(req.body);
    next();
  });
  app.get('/healthz', async (_req, res) => {
    await services.store.ping();
    res.json({status: 'ok'});
  });
  app.use(bearerAuth(services.tokens));
  app.use(adminRouter(services));
  app.use(issuersRouter(services));
  app.use(credentialsRouter(services));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
