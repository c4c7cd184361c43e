// Permalinks: clicking a heading's "#" or an op-ed paragraph's "¶N" copies its exact address
// (and still moves there), with a short spoken/visible confirmation.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.headerlink, a.oped-pnum");
  if (!link || !navigator.clipboard) return;
  const url = new URL(link.getAttribute("href"), window.location.href).href;
  navigator.clipboard.writeText(url).then(() => announce(`Link copied: ${url}`), () => {});
});

function announce(text) {
  let box = document.getElementById("permalink-status");
  if (!box) {
    box = document.createElement("div");
    box.id = "permalink-status";
    box.className = "permalink-status";
    box.setAttribute("role", "status");
    document.body.append(box);
  }
  box.textContent = text;
  clearTimeout(box.dataset.timer);
  box.dataset.timer = setTimeout(() => { box.textContent = ""; }, 2500);
}
