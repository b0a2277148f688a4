const STYLE_ID = 'mcp-sdk-dashboard-style';

const CSS = `
.mcp-dashboard{font-family:system-ui,sans-serif;display:grid;gap:12px;grid-template-columns:repeat(auto-fill,minmax(220px,1fr))}
.mcp-card{border:1px solid #8884;border-radius:8px;padding:12px;display:grid;gap:6px}
.mcp-card-name{font-weight:600;margin:0;font-size:1rem}
.mcp-row{display:flex;gap:6px;align-items:center;flex-wrap:wrap;font-size:.875rem}
.mcp-badge{border-radius:999px;padding:1px 8px;background:#8882}
.mcp-running,.mcp-healthy{background:#2e7d3233;color:inherit}
.mcp-error,.mcp-unhealthy{background:#c6282833}
.mcp-starting,.mcp-degraded{background:#f9a82533}
.mcp-card button{font:inherit;padding:2px 10px;cursor:pointer}
.mcp-card button:disabled{cursor:default;opacity:.5}
.mcp-message{grid-column:1/-1;font-size:.875rem;margin:0}
.mcp-message[data-kind="error"]{color:#c62828}
`;

/** Adds the dashboard's small stylesheet to the document once. */
export function ensureDashboardStyles(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}
