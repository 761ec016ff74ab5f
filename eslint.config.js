// ESLint flat config: typescript-eslint type-checked rules plus the src/ layering rules.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { layering } from './eslint.layering.js';

const files = ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'vitest.config.ts'];

export default defineConfig(
  globalIgnores(['node_modules/', 'dist/']),
  {
    name: 'project/typescript',
    files,
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  ...layering,
);
