// jsPDF imports html2canvas, canvg and dompurify on demand for doc.html() and SVG, which
// the record never uses; the build points them here so ~700 KB stays out of the worker.
export default undefined;
