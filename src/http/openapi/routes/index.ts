import type {RouteDoc} from '../describe.ts';
import {adminRoutes} from './admin.ts';
import {badgeRoutes} from './badges.ts';
import {communityRoutes} from './communities.ts';
import {credentialRoutes} from './credentials.ts';
import {endorsementRoutes} from './endorsements.ts';
import {federationEdgeRoutes, federationRoutes} from './federation.ts';
import {issuerRoutes} from './issuers.ts';
import {openApiRoutes, operationsRoutes} from './openapi.ts';
import {policyRoutes, reputationRoutes} from './policies.ts';
import {reviewRequestRoutes, reviewRoutes} from './reviews.ts';
import {cargoVetRoutes, checkRoutes, inspectRoutes, registryRoutes} from './supply-chain.ts';
import {pageRoutes, webApiRoutes} from './web.ts';
import {oauthPageRoutes, ob3Routes} from './ob3.ts';

/** Every described route, in the order the reference shows them. */
export const ROUTES: readonly RouteDoc[] = [
  ...issuerRoutes, ...adminRoutes, ...credentialRoutes, ...endorsementRoutes, ...badgeRoutes,
  ...communityRoutes, ...webApiRoutes, ...reviewRoutes, ...reviewRequestRoutes, ...policyRoutes, ...reputationRoutes,
  ...cargoVetRoutes, ...checkRoutes, ...inspectRoutes, ...registryRoutes, ...federationRoutes, ...federationEdgeRoutes, ...openApiRoutes, ...operationsRoutes, ...pageRoutes,
  ...ob3Routes, ...oauthPageRoutes,
];

export const TAGS = [
  {name: 'Issuers', description: 'Issuers, their keys and DID documents.'},
  {name: 'Tokens', description: 'Admin, issuer and account bearer tokens: shown once, stored hashed.'},
  {name: 'VC-API', description: 'The W3C VC-API: issue, change status, verify credentials and presentations.'},
  {name: 'Credentials', description: 'Issued credentials.'},
  {name: 'Status lists', description: 'Signed Bitstring Status Lists.'},
  {name: 'Endorsements', description: 'EndorsementCredentials issued here or registered.'},
  {name: 'Badges', description: 'README badges, embeds, baked images and the pages badges link to.'},
  {name: 'Accounts', description: 'Accounts, organisations and invitations.'},
  {name: 'Communities', description: 'Communities, roles and criteria.'},
  {name: 'Reviews', description: 'Reviews, their scales, vettings and review requests.'},
  {name: 'Policies', description: 'Policies, their versions and evaluation.'},
  {name: 'Packages', description: 'Packages, releases and evidence.'},
  {name: 'Reviewers', description: 'Reputation and milestone credentials.'},
  {name: 'cargo-vet', description: 'cargo-vet audits in and out.'},
  {name: 'Verification', description: 'Verify anything; check an SBOM or lockfile.'},
  {name: 'Registry', description: 'The policy-filtered npm registry.'},
  {name: 'Federation', description: 'Follows, imports and peers (the ActivityPub edge itself: FEDERATION.md).'},
  {name: 'Directory', description: 'Search.'},
  {name: 'Reference', description: 'This description.'},
  {name: 'Operations', description: 'Health, readiness and metrics, at the root.'},
  {name: 'Pages', description: 'Pages for people.'},
  {name: 'Open Badges API', description: 'The 1EdTech Open Badges 3.0 API for backpacks, and OAuth 2.0 client registration.'},
  {name: 'Sign-in', description: 'Signing in, the account page and passkeys.'},
  {name: 'Community forms', description: 'The forms each role uses in the browser.'},
  {name: 'Organisation forms', description: 'What an organisation account does in the browser: members, its issuer, endorsements.'},
] as const;
