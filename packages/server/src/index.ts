export { createApp, type AppDeps } from './app.js';
export { loadConfig, type Config, type ConfigSources } from './config.js';
export { startServer, type RunningServer, type StartOptions } from './main.js';
export { openDatabase, type Db } from './store/database.js';
export { createServices, bootstrap, type Services } from './services/index.js';
export { generateOpenApiDocument, createRegistry } from './http/openapi.js';
export { SERVER_VERSION } from './version.js';
