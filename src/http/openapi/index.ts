export {openApiRouter, openApiDocument} from './router.ts';
export {templatePath, type OpenApiDocument, type Operation} from './document.ts';
export {ROUTES} from './routes/index.ts';
export type {RouteDoc} from './describe.ts';
