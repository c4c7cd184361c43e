// The figure viewer: every diagram gets an "Enlarge" button that opens it full-screen in a modal
// <dialog>, where it can be zoomed and panned by touch (pinch, drag), mouse (wheel, drag) and keyboard
// (+ and − zoom, arrow keys pan, 0 fits, Esc closes).  The diagram itself moves into the viewer and
// back, so its ids, links and text alternative stay unique on the page.  No other script is loaded.
(() => {
  const STEP = 1.25, MIN = 0.5, MAX = 8;
  let dialog, stage, frame, home, svg, zoom = 1, x = 0, y = 0, opener;

  const apply = () => { frame.style.transform = `translate(${x}px, ${y}px) scale(${zoom})`; };
  const zoomAt = (factor, cx, cy) => {  // keep the point (cx, cy) of the stage where it is
    const next = Math.min(MAX, Math.max(MIN, zoom * factor));
    const box = stage.getBoundingClientRect();
    const px = (cx ?? box.width / 2), py = (cy ?? box.height / 2);
    x = px - (px - x) * (next / zoom);
    y = py - (py - y) * (next / zoom);
    zoom = next;
    apply();
  };
  const fit = () => { zoom = 1; x = 0; y = 0; apply(); };

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "figure-viewer";
    dialog.setAttribute("aria-label", "Figure viewer");
    dialog.innerHTML = `
      <div class="figure-viewer__bar">
        <p class="figure-viewer__hint">Pinch or use + and − to zoom, drag or arrow keys to move, Esc to close.</p>
        <button type="button" data-action="out" aria-label="Zoom out">−</button>
        <button type="button" data-action="fit" aria-label="Fit to screen">Fit</button>
        <button type="button" data-action="in" aria-label="Zoom in">+</button>
        <button type="button" data-action="close" aria-label="Close the figure viewer">Close</button>
      </div>
      <div class="figure-viewer__stage" tabindex="0" aria-label="Figure, zoomable"><div class="figure-viewer__frame"></div></div>`;
    stage = dialog.querySelector(".figure-viewer__stage");
    frame = dialog.querySelector(".figure-viewer__frame");
    document.body.append(dialog);

    dialog.addEventListener("click", (event) => {
      const action = event.target.closest("button")?.dataset.action;
      if (action === "in") zoomAt(STEP);
      else if (action === "out") zoomAt(1 / STEP);
      else if (action === "fit") fit();
      else if (action === "close") dialog.close();
    });
    dialog.addEventListener("close", restore);
    dialog.addEventListener("keydown", (event) => {
      const pan = 40;
      const keys = { "+": () => zoomAt(STEP), "=": () => zoomAt(STEP), "-": () => zoomAt(1 / STEP),
        "0": fit, Escape: () => dialog.close(), ArrowLeft: () => { x += pan; apply(); }, ArrowRight: () => { x -= pan; apply(); },
        ArrowUp: () => { y += pan; apply(); }, ArrowDown: () => { y -= pan; apply(); } };
      if (keys[event.key] && !event.ctrlKey && !event.metaKey && !event.altKey) {
        keys[event.key]();
        event.preventDefault();
      }
    });
    stage.addEventListener("wheel", (event) => {
      event.preventDefault();
      const box = stage.getBoundingClientRect();
      zoomAt(event.deltaY < 0 ? STEP : 1 / STEP, event.clientX - box.left, event.clientY - box.top);
    }, { passive: false });

    // Pointers: one drags, two pinch (touch-action: none on the stage, so the browser leaves them to us).
    const pointers = new Map();
    let last = null;
    const spread = () => { const [a, b] = [...pointers.values()]; return Math.hypot(a.x - b.x, a.y - b.y); };
    const middle = () => { const [a, b] = [...pointers.values()]; const box = stage.getBoundingClientRect();
      return [(a.x + b.x) / 2 - box.left, (a.y + b.y) / 2 - box.top]; };
    stage.addEventListener("pointerdown", (event) => {
      if (event.target.closest("a")) return;  // a tap on an actor still follows its glossary link
      try { stage.setPointerCapture(event.pointerId); } catch { /* a pointer the browser no longer tracks */ }
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      last = pointers.size === 2 ? spread() : null;
    });
    stage.addEventListener("pointermove", (event) => {
      const before = pointers.get(event.pointerId);
      if (!before) return;
      const now = { x: event.clientX, y: event.clientY };
      pointers.set(event.pointerId, now);
      if (pointers.size === 1) {
        x += now.x - before.x; y += now.y - before.y; apply();
      } else if (pointers.size === 2 && last) {
        const distance = spread(), [cx, cy] = middle();
        zoomAt(distance / last, cx, cy);
        last = distance;
      }
    });
    const lift = (event) => { pointers.delete(event.pointerId); last = pointers.size === 2 ? spread() : null; };
    stage.addEventListener("pointerup", lift);
    stage.addEventListener("pointercancel", lift);
  }

  function open(diagram, button) {
    if (!dialog) build();
    opener = button;
    home = diagram;
    svg = diagram.querySelector("svg");
    frame.append(svg);
    diagram.classList.add("figure-viewer__away");
    dialog.showModal();
    fit();
    stage.focus();
  }

  function restore() {
    if (svg && home) home.prepend(svg);
    home?.classList.remove("figure-viewer__away");
    svg = home = null;
    opener?.focus();
  }

  const enhance = () => {
  for (const diagram of document.querySelectorAll("div.mermaid-diagram")) {
    if (!diagram.querySelector("svg")) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm figure-viewer__open";
    const caption = diagram.closest("figure")?.querySelector(".caption-number")?.textContent.trim();
    button.textContent = "Enlarge";
    button.setAttribute("aria-label", `Enlarge ${caption || "the figure"}: open it full-screen to zoom`);
    button.setAttribute("aria-haspopup", "dialog");
    button.addEventListener("click", () => open(diagram, button));
    diagram.before(button);
    // A diagram wider than its box scrolls: then the keyboard must reach the box to scroll it.
    new ResizeObserver(() => {
      if (diagram.scrollWidth > diagram.clientWidth + 1) {
        diagram.tabIndex = 0;
        diagram.setAttribute("role", "region");
        diagram.setAttribute("aria-label", `${caption || "Figure"}, scrolls sideways`);
      } else if (diagram.hasAttribute("tabindex")) {
        ["tabindex", "role", "aria-label"].forEach((name) => diagram.removeAttribute(name));
      }
    }).observe(diagram);
  }
  };
  // Sphinx loads this in the <head>: add the buttons once the page is parsed.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
})();
