export default [
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "module" },
    rules: { "no-var": "warn", "use-isnan": "error", "eqeqeq": "warn" },
  },
];
