/** Stylesheets imported by the screens that use them; Vite bundles them. */
declare module '*.css';
