/** Neither the worker nor the page can decode, draw or encode the photo. */
export class PhotoUnsupportedError extends Error {
  constructor(why: string) {
    super(`this browser cannot compress photos: ${why}`);
    this.name = 'PhotoUnsupportedError';
  }
}
