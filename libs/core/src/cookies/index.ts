export * from './cookie-header';
export * from './cookie-secret';
export * from './signed-cookie';
