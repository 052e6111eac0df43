// ESLint for the project's own JavaScript: the browser modules under web/static/js (no vendored
// code) and the node tests. Run by ./scripts/test (npm ci installs the pinned versions).
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['ballot_service/web/static/vendor/**', 'node_modules/**', '.venv/**'] },
  js.configs.recommended,
  {
    files: ['ballot_service/web/static/js/**/*.js'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.worker },
    },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Use textContent or DOM nodes (strict CSP, no markup from data).' },
        { property: 'outerHTML', message: 'Use DOM nodes.' },
        { object: 'Math', property: 'random', message: 'Randomness only from crypto.getRandomValues.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Use DOM nodes.' },
        { selector: "CallExpression[callee.property.name='write'][callee.object.name='document']", message: 'No document.write.' },
      ],
      eqeqeq: ['error', 'always'],
      'no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'prefer-const': 'error',
      'no-var': 'error',
    },
  },
  {
    files: ['tests/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_' }] },
  },
];
