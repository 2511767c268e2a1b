export { type AppDeps, createApp, openApiDocument } from './app.js';
export { type Config, type ConfigSources, loadConfig } from './config.js';
export { createRegistry, generateOpenApiDocument } from './http/openapi.js';
export { type RunningServer, type StartOptions, startServer } from './main.js';
export { bootstrap, createServices, type Services } from './services/index.js';
export { type Db, openDatabase } from './store/database.js';
export { SERVER_VERSION } from './version.js';
