// The office server as the screens that need the network call it (the office list,
// participants, photos fetched as they are shown): the signed-in account's token.
import { createApi, type Api } from '../../sync/api';
import { account } from './sync';

/** The API with this phone's token; undefined when nobody is signed in. */
export function serverApi(): Api | undefined {
  const a = account();
  return a ? createApi(a.token) : undefined;
}
