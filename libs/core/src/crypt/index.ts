export * from './auth-state-crypt';
