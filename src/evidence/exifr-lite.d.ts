// exifr ships one type file for all builds; the lite ESM build (JPEG EXIF + GPS, no
// XMP/ICC) has the same API at a fraction of the size.
declare module 'exifr/dist/lite.esm.mjs' {
  export { default } from 'exifr';
}
