/** Stylesheets imported for their side effect: Vite adds them to the page. */
declare module '*.css';
