/** Types for plotly.js-basic-dist-min, which ships none: only the functions load-plotly.ts calls. */
declare module 'plotly.js-basic-dist-min' {
  const Plotly: import('./load-plotly').PlotlyLike;
  export default Plotly;
}
