/** The panel's heading, which its section is labelled by (`aria-labelledby="metrics-heading"`). */
export function MetricsHeading() {
  return (
    <h2 id="metrics-heading" className="text-lg font-semibold">
      Metrics
    </h2>
  );
}
