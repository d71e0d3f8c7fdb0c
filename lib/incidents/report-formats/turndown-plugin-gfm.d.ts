// The package ships no types. Only the plugins the converter uses are declared.
declare module "@joplin/turndown-plugin-gfm" {
  import type TurndownService from "turndown";

  export const strikethrough: TurndownService.Plugin;
  export const taskListItems: TurndownService.Plugin;
  export const tables: TurndownService.Plugin;
  export const gfm: TurndownService.Plugin;
}
