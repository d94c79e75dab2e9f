/** Vite's `?raw` imports: a file's text, as the tests read example files inside workerd. */
declare module "*?raw" {
  const text: string;
  export default text;
}
