/* The book's charts: fitted to their column on every screen, with tooltips on tap.
 *
 * Each chart's own script (Altair's) calls vegaEmbed while the page is still being read; a
 * small stub in the page head queues those calls, so the Vega libraries can load without
 * blocking the text. This file runs after them (both deferred, in order): it sizes each spec
 * for its container and embeds it.
 */
(() => {
  "use strict";
  const NARROW = 560; // px: below this, a phone layout
  const CHAR = { title: 9.6, subtitle: 7.2 }; // average glyph widths (px) at 16 and 12 px

  const embed = window.vegaEmbed;
  const queued = window.japanUsQueuedCharts || [];

  function wrap(lines, width, glyph) {
    // Vega titles do not wrap: re-split the lines for this width.
    const words = [].concat(lines).join(" ").split(/\s+/);
    const perLine = Math.max(20, Math.floor(width / glyph));
    const out = [""];
    for (const word of words) {
      const line = out[out.length - 1];
      if (line && line.length + word.length + 1 > perLine) out.push(word);
      else out[out.length - 1] = line ? `${line} ${word}` : word;
    }
    return out;
  }

  function fitTitle(spec, width, scale) {
    // The chart's title and subtitle, and the titles of its panels (a title that follows
    // sliders is an expression, already in short lines).
    for (const part of [spec, ...(spec.vconcat || [])]) {
      if (typeof part.title === "string") part.title = { text: part.title };
      const title = part.title;
      if (!title) continue;
      if (typeof title.text === "string" || Array.isArray(title.text)) {
        title.text = wrap(title.text, width, CHAR.title * scale);
      }
      if (title.subtitle) title.subtitle = wrap(title.subtitle, width, CHAR.subtitle * scale);
    }
  }

  function fitFonts(spec, narrow) {
    // Smaller titles on a phone: a takeaway title of 60 characters in four lines, not six.
    if (!narrow) return 1;
    const config = (spec.config = spec.config || {});
    config.title = Object.assign({}, config.title, { fontSize: 14, subtitleFontSize: 11.5 });
    return 14 / 16;
  }

  function fitCompound(spec, width, narrow) {
    // Vega-Lite cannot size a facet or a concatenation to its container: give each panel
    // the column's width, less the room its labels need (``reserve``, set by the book).
    const meta = (spec.usermeta && spec.usermeta.japan_us) || {};
    const room = Math.max(120, width - (meta.reserve || 120));
    if (spec.facet && spec.spec) {
      const columns = spec.columns ? (narrow ? Math.min(2, spec.columns) : spec.columns) : 1;
      if (spec.columns) spec.columns = columns;
      spec.spec.width = Math.floor(room / columns - (columns > 1 ? 24 : 0));
    }
    for (const child of spec.vconcat || []) child.width = room;
  }

  const textWidth = (() => {
    // Text as Vega will draw it: measured on a canvas in the chart's font.
    const context = document.createElement("canvas").getContext("2d");
    return (text, size, spec, weight = "") => {
      context.font = `${weight} ${size}px ${(spec.config && spec.config.font) || "sans-serif"}`;
      return context.measureText(String(text)).width;
    };
  })();

  function visitNodes(node, each) {
    // Every object in a spec, depth first, but not its rows of data.
    if (!node || typeof node !== "object") return;
    each(node);
    for (const [key, child] of Object.entries(node)) if (key !== "datasets") visitNodes(child, each);
  }

  const visitEncodings = (spec, each) => visitNodes(spec, (node) => node.encoding && each(node.encoding));

  function widestValue(spec, field, size) {
    // The widest of a field's values in the chart's data, drawn at ``size`` px.
    const rows = Object.values(spec.datasets || {}).flat();
    const values = rows.filter((row) => row && field in row).map((row) => row[field]);
    return Math.max(0, ...values.map((value) => textWidth(value, size, spec)));
  }

  const fontSize = (spec, part, fallback) => ((spec.config || {})[part] || {}).labelFontSize || fallback;

  function leftLabelsWidth(spec) {
    // The width of the names down the left side (a nominal or ordinal y axis), and its title:
    // a legend under the plot starts after them.
    let width = 0;
    visitEncodings(spec, (encoding) => {
      const y = encoding.y;
      if (!y || !(y.type === "nominal" || y.type === "ordinal") || !y.field) return;
      const limit = (y.axis && y.axis.labelLimit) || 180; // Vega cuts longer names to this
      const widest = Math.min(limit, widestValue(spec, y.field, fontSize(spec, "axis", 10)));
      width = Math.max(width, widest + 40 + (y.title ? 20 : 0)); // tick, padding, offset; the title's line
    });
    return width;
  }

  function widestLegendLabel(spec) {
    // The longest name a colour, shape or dash legend shows, in pixels.
    let widest = 0;
    visitEncodings(spec, (encoding) => {
      for (const channel of ["color", "shape", "strokeDash"]) {
        const def = encoding[channel];
        if (def && def.field && def.legend !== null) {
          widest = Math.max(widest, widestValue(spec, def.field, fontSize(spec, "legend", 10)));
        }
      }
    });
    return widest;
  }

  function fitLegends(spec, width, narrow, left) {
    // On a phone, legends take at most two columns, wherever they are set, and stack one
    // under the other; their labels are cut (with an ellipsis; the tooltips name them in
    // full) to the room under the plot.
    if (!narrow) return;
    // A legend starts under the plot, after any names down the left side (``left`` px): one
    // column then, and one column for labels too long to sit two abreast.
    const columns = left || widestLegendLabel(spec) > (width - 38) / 2 - 30 ? 1 : 2;
    const legend = ((spec.config = spec.config || {}).legend = spec.config.legend || {});
    legend.columns = columns;
    legend.labelLimit = Math.max(80, Math.floor((width - left - 10) / columns) - 30);
    legend.layout = { bottom: { anchor: "start", direction: "vertical" } };
    visitNodes(spec, (node) => {
      if (node.legend && typeof node.legend === "object" && node.legend.columns > columns) {
        node.legend.columns = columns;
      }
    });
  }

  function fitAxisTitles(spec, width, left) {
    // An x-axis title wider than the plot is broken into lines (Vega does not wrap it).
    const config = spec.config || {};
    const size = (config.axis && config.axis.titleFontSize) || 11;
    const room = width - left;
    visitEncodings(spec, (encoding) => {
      const x = encoding.x;
      if (!x || typeof x.title !== "string" || textWidth(x.title, size, spec, "bold") <= room) return;
      x.title = wrap(x.title, room, textWidth(x.title, size, spec, "bold") / x.title.length);
    });
  }

  function adapt(spec, el) {
    const width = (el.parentElement || el).clientWidth || 600;
    const narrow = width < NARROW;
    const fitted = JSON.parse(JSON.stringify(spec));
    fitTitle(fitted, width - 50, fitFonts(fitted, narrow)); // 50 px: the actions button
    fitCompound(fitted, width, narrow);
    const left = leftLabelsWidth(fitted); // measured once, for the axis title and the legends
    fitAxisTitles(fitted, width, left);
    fitLegends(fitted, width, narrow, left);
    return fitted;
  }

  function describeSliders(el, meta) {
    // Range inputs bound to the chart: their value shown and announced in the chart's terms
    // ("15%", not "0.15").
    const formats = meta.sliders || {};
    el.querySelectorAll(".vega-bind input[type=range]").forEach((input) => {
      const kind = formats[input.name];
      const label = input.closest(".vega-bind").querySelector(".vega-bind-name");
      const shown = input.nextElementSibling;
      const show = () => {
        const value = Number(input.value);
        const text = kind === "percent" ? `${Math.round(value * 100)}%` : `${value}`;
        if (shown) shown.textContent = text;
        input.setAttribute("aria-valuetext", text);
        input.setAttribute("aria-label", label ? label.textContent.trim() : input.name);
      };
      // after Vega's own listeners, which write the raw value on both (a key press fires both)
      for (const type of ["input", "change"]) input.addEventListener(type, show);
      show();
    });
  }

  function tapForTooltips(view) {
    // A tap is a click without a hover first: show the tooltip of what was tapped.
    view.addEventListener("click", (event, item) => {
      if (item && item.tooltip != null && event.pointerType !== "mouse") {
        view._tooltip(view._handler, event, item, item.tooltip);
      }
    });
  }

  // ---- Keyboards and screen readers: every control a pointer has, reachable by Tab.

  function nameActions(el) {
    // Vega-Embed's actions menu opens from an icon with no text: give it a name.
    const summary = el.querySelector("details > summary");
    if (summary) summary.setAttribute("aria-label", "Chart actions: save as SVG or PNG, view the source");
  }

  const legendEntries = (el) => el.querySelectorAll("g[class*='_legend_entries'] > g");

  function legendStores(spec) {
    // The data sets holding what a legend-bound selection picked (Vega-Lite names them).
    const stores = [];
    visitNodes(spec, (node) =>
      (node.params || []).forEach((param) => param.bind === "legend" && stores.push(`${param.name}_store`)),
    );
    return stores;
  }

  function markLegendEntries(el, picked) {
    // Entries of a legend bound to a selection (Vega-Lite names their marks "…_legend_entries")
    // are buttons: Enter or Space picks a series as a click does, Shift adds it (see
    // onChartKey), and aria-pressed says which series are picked. Each is named by its series
    // in full in a <title> (a phone's legend may cut the label it shows), and its legend is a
    // group of buttons rather than one image. Entries already marked are left as they are.
    legendEntries(el).forEach((entry) => {
      if (entry.hasAttribute("tabindex")) return;
      const value = String(entry.querySelector(".role-legend-label text").__data__.datum.value);
      const title = entry.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "title"));
      title.textContent = entry.dataset.value = value;
      entry.setAttribute("tabindex", "0");
      entry.setAttribute("role", "button");
      entry.setAttribute("aria-pressed", String(picked.has(value)));
    });
    el.querySelectorAll(".role-legend").forEach((legend) => {
      if (legend.querySelector("g[role=button]") && legend.getAttribute("role") !== "group") {
        legend.setAttribute("role", "group");
      }
    });
  }

  function legendKeys(el, view, spec) {
    let picked = new Set();
    markLegendEntries(el, picked);
    // Vega sets a legend's role again, or draws new entries, when it redraws the legend.
    new MutationObserver(() => markLegendEntries(el, picked)).observe(el, {
      subtree: true,
      childList: true,
      attributeFilter: ["role"],
    });
    for (const store of legendStores(spec)) {
      view.addDataListener(store, (name, tuples) => {
        picked = new Set(tuples.flatMap((tuple) => tuple.values).map(String));
        legendEntries(el).forEach((entry) => entry.setAttribute("aria-pressed", String(picked.has(entry.dataset.value))));
      });
    }
  }

  function tooltipItems(mark, out = []) {
    // The scene's items that have a tooltip and are not faded out (by a legend's pick).
    for (const item of mark.items || []) {
      if (item.tooltip != null && item._svg && (item.opacity == null || item.opacity > 0.2)) out.push(item);
      if (mark.marktype === "group") (item.items || []).forEach((child) => tooltipItems(child, out));
    }
    return out;
  }

  function stops(view) {
    // What the arrow keys step through: those items where they are drawn on the screen, left
    // to right, then top to bottom.
    return tooltipItems(view.scenegraph().root)
      .map((item) => {
        const box = item._svg.getBoundingClientRect();
        return { item, x: box.left + box.width / 2, y: box.top + box.height / 2 };
      })
      .sort((a, b) => a.x - b.x || a.y - b.y);
  }

  function describeValue(value) {
    return typeof value === "object" ? Object.entries(value).map(([k, v]) => `${k}: ${v}`).join("; ") : String(value);
  }

  function pointKeys(el, view) {
    // The chart itself takes focus; the arrow keys step through its values, each shown in the
    // tooltip, ringed, and read out; Escape (or leaving the chart) hides them.
    const chart = view.container();
    const ring = el.appendChild(Object.assign(document.createElement("span"), { className: "japan-us-point-focus" }));
    const said = el.appendChild(Object.assign(document.createElement("p"), { className: "visually-hidden" }));
    said.setAttribute("role", "status");
    const hint = el.appendChild(Object.assign(document.createElement("p"), { className: "visually-hidden" }));
    hint.id = `${el.id}-keys`;
    hint.textContent = "The arrow keys read the chart's values one by one.";
    chart.setAttribute("tabindex", "0");
    chart.setAttribute("aria-describedby", hint.id);
    chart.setAttribute("aria-keyshortcuts", "ArrowLeft ArrowRight Home End Escape");
    ring.hidden = true;
    let index = -1;
    const hide = () => {
      ring.hidden = true;
      view._tooltip(view._handler, {}, null, null);
    };
    const show = (all) => {
      const { item, x, y } = all[index];
      const origin = el.getBoundingClientRect();
      Object.assign(ring.style, { left: `${x - origin.left}px`, top: `${y - origin.top}px` });
      ring.hidden = false;
      view._tooltip(view._handler, { clientX: x, clientY: y }, item, item.tooltip);
      said.textContent = `${describeValue(item.tooltip)} (${index + 1} of ${all.length})`;
    };
    const steps = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    chart.addEventListener("keydown", (event) => {
      if (event.target !== chart) return;
      if (event.key === "Escape") return hide();
      if (!(event.key in steps || event.key === "Home" || event.key === "End")) return;
      const all = stops(view);
      if (!all.length) return;
      event.preventDefault(); // the page does not scroll
      const last = all.length - 1;
      index = event.key === "Home" ? 0 : event.key === "End" ? last : Math.min(last, Math.max(0, index + steps[event.key]));
      show(all);
    });
    chart.addEventListener("blur", hide);
  }

  function onChartKey(event) {
    // Enter or Space on a legend entry: the click Vega-Lite's legend binding listens for;
    // Escape on one: a click on no mark, which shows every series again.
    const entry = event.target.closest && event.target.closest("g[class*='_legend_entries'] > g");
    if (!entry) return;
    const click = (target, shiftKey) => target.dispatchEvent(new MouseEvent("click", { bubbles: true, shiftKey }));
    if (event.key === "Enter" || event.key === " ") click(entry, event.shiftKey);
    else if (event.key === "Escape") click(entry.ownerSVGElement);
    else return;
    event.preventDefault();
  }

  function keyboardAndScreenReaders(el, view, spec) {
    nameActions(el);
    legendKeys(el, view, spec);
    pointKeys(el, view);
    el.addEventListener("keydown", onChartKey);
  }

  window.vegaEmbed = (el, spec, options) =>
    embed(el, adapt(spec, el), options).then((result) => {
      tapForTooltips(result.view);
      describeSliders(el, (spec.usermeta && spec.usermeta.japan_us) || {});
      keyboardAndScreenReaders(el, result.view, spec);
      return result;
    });

  for (const call of queued) {
    window.vegaEmbed(call.el, call.spec, call.options).then(call.resolve, call.reject);
  }
  queued.length = 0;
})();
