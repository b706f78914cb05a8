export default [
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "module", globals: { setTimeout: "readonly", console: "readonly" } },
    rules: { "no-eval": "error", "no-implied-eval": "error", "eqeqeq": "warn", "no-console": "off" },
  },
];
