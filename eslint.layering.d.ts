// Types for eslint.layering.js, so TypeScript files (test/unit/lint/layering.test.ts) can import it.
import type { Linter } from 'eslint';

export declare const layering: Linter.Config[];
