import { createContext, useContext, type Accessor } from 'solid-js';

/** The owners this inspection already named, for one-tap reuse in every finding form. */
export const OwnerSuggestionsContext = createContext<Accessor<string[]>>(() => []);

export function useOwnerSuggestions(): Accessor<string[]> {
  return useContext(OwnerSuggestionsContext);
}
