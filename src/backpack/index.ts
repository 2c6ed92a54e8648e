export {KeptCredentials, MAX_KEPT_PER_PERSON, type KeptCredential} from './kept-credentials.ts';
export {HolderCredentials, type CredentialQuery, type CredentialPage, type Ob3Profile} from './holder-credentials.ts';
export {serviceDescription, type ServiceUrls} from './service-description.ts';
