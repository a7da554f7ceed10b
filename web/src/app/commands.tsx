// App-wide actions any page may trigger: the command palette and the create dialog.
import { createContext, useContext } from "react";

export interface AppCommands {
  openPalette: () => void;
  /** Opens the create dialog, for `object` when given, else the user picks what to create. */
  openCreate: (object?: string) => void;
}

export const CommandsContext = createContext<AppCommands>({ openPalette: () => undefined, openCreate: () => undefined });

export function useCommands(): AppCommands {
  return useContext(CommandsContext);
}
