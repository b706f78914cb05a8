// Checkout form helper of the demo payments service (scanned by ESLint in the demo's SARIF).
export function formatAmount(cents) {
  var euros = cents / 100;
  return euros.toFixed(2) + " EUR";
}

export function parseAmount(text) {
  const value = Number(text.replace(",", "."));
  if (value == NaN) {
    return null;
  }
  return Math.round(value * 100);
}
