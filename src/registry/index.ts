export {NpmRegistryService, type RegistryDependencies} from './npm-registry.ts';
export {NpmUpstream} from './npm-upstream.ts';
