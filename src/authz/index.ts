export {ADMIN, ANONYMOUS, actingName, type AccountActor, type Actor, type AdminActor, type AnonymousActor, type IssuerActor} from './actor.ts';
export {ACTIONS, PERMISSIONS, type Action, type Grant, type Permission} from './permissions.ts';
export {authenticated, authorize, grantedTo, permits, roleIn, type Allowed, type Resource} from './authorize.ts';
export {accountActor, actorOf, type ActorPorts} from './actors.ts';
