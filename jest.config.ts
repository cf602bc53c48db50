/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// NestJS 12 ships ESM only: @swc/jest transforms our TypeScript and the ESM packages
// under node_modules/.pnpm, and NODE_OPTIONS=--experimental-vm-modules (set by the
// package scripts) lets PGlite's dynamic import work. See docs/decisions.md.
const swcTransform: Config['transform'] = {
  '^.+\\.(t|j|mj)s$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};

const moduleNameMapper = {
  '^@cs/domain$': '<rootDir>/libs/domain/src/index.ts',
};

const config: Config = {
  // Integration suites boot the app and a database per file.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'domain',
      rootDir: '<rootDir>',
      testMatch: ['<rootDir>/libs/domain/src/**/*.spec.ts'],
      transform: swcTransform,
      testEnvironment: 'node',
    },
    {
      displayName: 'api',
      rootDir: '<rootDir>',
      testMatch: ['<rootDir>/apps/api/src/**/*.spec.ts', '<rootDir>/apps/api/test/**/*.spec.ts'],
      transform: swcTransform,
      transformIgnorePatterns: ['/node_modules/(?!\\.pnpm|@nestjs/)'],
      moduleNameMapper,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/apps/api/test/global-setup.ts',
    },
  ],
};

export default config;
