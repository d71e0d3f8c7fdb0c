// false while the server renders and while the page hydrates, true from then on: for what may only render in the
// browser (a chart that measures its box), without next/dynamic's loader in the page's first load.
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
