// Discount rules of a shop (scanned by ESLint for the SARIF parser's tests): two errors, one warning and one
// finding suppressed in the source.
export function discountFor(code, rules) {
  const rule = eval("rules." + code);
  if (rule == null) {
    return 0;
  }
  setTimeout("console.log('applied " + code + "')", 0);
  // eslint-disable-next-line eqeqeq -- legacy codes are numbers or strings; reviewed in SEC-12
  return rule.percent == "100" ? 1 : rule.percent / 100;
}
