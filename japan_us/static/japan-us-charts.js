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
  const ACTIONS = 38; // px: Vega-Embed's room for the actions button, right of the chart
  const FINGER = 24; // px: how far from a value a tap may land and still show it
  const MARGIN = 4; // px: between a tooltip and the edge of the screen
  const CHAR = { title: 9.6, subtitle: 7.2 }; // average glyph widths (px) at 16 and 12 px
  // The page's language picks the words this script adds (the Japanese edition's pages say
  // lang="ja"); Japanese text is broken between the pieces Python cut it into, or between
  // characters, never inside a number, and a kanji counts two average glyphs.
  const JA = (document.documentElement.lang || "").toLowerCase().startsWith("ja");
  const WORDS = JA
    ? {
        actions: "図の操作：SVGまたはPNGで保存、ソースを表示",
        keys: "矢印キーで図の値を一つずつ読み上げる。",
        position: (n, all) => `（${all}件中${n}件目）`,
        pair: (k, v) => `${k}：${v}`,
        between: "、",
      }
    : {
        actions: "Chart actions: save as SVG or PNG, view the source",
        keys: "The arrow keys read the chart's values one by one.",
        position: (n, all) => ` (${n} of ${all})`,
        pair: (k, v) => `${k}: ${v}`,
        between: "; ",
      };
  const WIDE = /[\u1100-\u115f\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
  // pieces of Japanese text a line may not break inside: a number with its separators, a
  // word in Latin letters, a character with the punctuation that may not start a line
  const UNIT = /[−+-]?[0-9][0-9.,]*%?[、。）」％]*|[A-Za-z][A-Za-z'’-]* ?[、。）」]*|[（「]*.[、。）」ー]*/gsu;
  const displayWidth = (text) => [...text].reduce((n, c) => n + (WIDE.test(c) ? 2 : 1), 0);
  const isWide = (text) => WIDE.test(text);
  const JAPANESE_WORDS = window.Intl && Intl.Segmenter ? new Intl.Segmenter("ja", { granularity: "word" }) : null;

  const embed = window.vegaEmbed;
  const queued = window.japanUsQueuedCharts || [];

  function wrap(lines, fits) {
    // Vega neither wraps titles nor legend labels: re-split the words into lines that ``fits``
    // (Japanese, which has no spaces, into its pieces, joined with nothing).
    const text = [].concat(lines).join(" ");
    const words = isWide(text) ? toUnits(lines) : text.split(/\s+/);
    const space = isWide(text) ? "" : " ";
    const out = [""];
    for (const word of words) {
      const line = out[out.length - 1];
      if (line && !fits(`${line}${space}${word}`)) out.push(word.trimStart());
      else out[out.length - 1] = line ? `${line}${space}${word}` : word;
    }
    return out;
  }

  function wrapChars(lines, width, glyph, units) {
    // Lines of at most as many characters as fit ``width`` at an average ``glyph`` width.
    const perLine = Math.max(20, Math.floor(width / glyph));
    if (units || isWide([].concat(lines).join(""))) return wrapUnits(units || toUnits(lines), perLine);
    return wrap(lines, (line) => line.length <= perLine);
  }

  function toUnits(lines) {
    // Japanese lines cut where Python gave no pieces (an axis title, a legend label): between
    // words as the browser finds them (Intl.Segmenter), else between characters; never inside
    // a number, never before a closing mark or after an opening one.
    const text = [].concat(lines).join("");
    if (!JAPANESE_WORDS) return text.match(UNIT) || [];
    const units = [];
    for (const { segment } of JAPANESE_WORDS.segment(text)) {
      const last = units[units.length - 1];
      const glued = last !== undefined && (/^[、。）」％%ー・]/.test(segment) || /[（「]$/.test(last) ||
        (/[0-9.,]$/.test(last) && /^[0-9.,%]/.test(segment)));
      if (glued) units[units.length - 1] += segment;
      else units.push(segment);
    }
    return units;
  }

  function wrapUnits(units, perLine) {
    // Japanese: pieces packed into lines of at most ``perLine`` average glyphs, joined with
    // nothing (Japanese has no spaces between words).
    const out = [""];
    for (const unit of units) {
      const line = out[out.length - 1];
      if (line && displayWidth(line + unit) > perLine) out.push(unit.trimStart());
      else out[out.length - 1] = line + unit;
    }
    return out.map((line) => line.trimEnd());
  }

  function fitTitle(spec, width, scale) {
    // The chart's title and subtitle, and the titles of its panels (a title that follows
    // sliders is an expression, already in short lines).
    const phrases = ((spec.usermeta && spec.usermeta.japan_us) || {}).phrases || {};
    for (const part of [spec, ...(spec.vconcat || [])]) {
      if (typeof part.title === "string") part.title = { text: part.title };
      const title = part.title;
      if (!title) continue;
      const own = part === spec ? phrases : {}; // the pieces Python cut the chart's own title into
      if (typeof title.text === "string" || Array.isArray(title.text)) {
        title.text = wrapChars(title.text, width, CHAR.title * scale, own.title);
      }
      if (title.subtitle) title.subtitle = wrapChars(title.subtitle, width, CHAR.subtitle * scale, own.subtitle);
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

  function fitPanelHeaders(spec) {
    // A facet's panel labels in lines no wider than a panel, measured: the book breaks them
    // where a phone's column would ("|"), but a panel can be narrower than its column, and a
    // label wider than its panel pushed the chart past the column.
    if (!spec.facet || !spec.spec || typeof spec.spec.width !== "number") return;
    const size = fontSize(spec, "header", 10);
    const fits = (line) => textWidth(line, size, spec) <= spec.spec.width;
    for (const channel of spec.facet.field ? [spec.facet] : Object.values(spec.facet)) {
      if (!channel || !channel.field) continue;
      const labels = [...new Set(fieldValues(spec, channel.field).map(String))];
      const lines = Object.fromEntries(labels.map((label) => [label, wrap(label.split("|"), fits)]));
      const broken = (channel.header && channel.header.labelExpr) || labels.some((label) => lines[label].length > 1);
      if (!broken) continue;
      channel.header = channel.header || {};
      // (in parentheses: Vega-Lite writes an expression of its own where datum.label stands)
      channel.header.labelExpr = `${JSON.stringify(lines)}[(datum.label)] || (datum.label)`;
    }
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

  function fieldValues(spec, field) {
    // A field's values in the chart's data.
    const rows = Object.values(spec.datasets || {}).flat();
    return rows.filter((row) => row && field in row).map((row) => row[field]);
  }

  function widestValue(spec, field, size) {
    // The widest of a field's values in the chart's data, drawn at ``size`` px.
    return Math.max(0, ...fieldValues(spec, field).map((value) => textWidth(value, size, spec)));
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

  function legendFields(spec) {
    // The colour, shape and dash encodings that draw a legend.
    const defs = [];
    visitEncodings(spec, (encoding) => {
      for (const channel of ["color", "shape", "strokeDash"]) {
        const def = encoding[channel];
        if (def && def.field && def.legend !== null) defs.push(def);
      }
    });
    return defs;
  }

  const legendLabels = (spec) => [
    ...new Set(legendFields(spec).flatMap((def) => fieldValues(spec, def.field).map(String))),
  ];

  function wrapLegendLabels(spec, labels, room) {
    // A name longer than the room goes on two lines (or more), never cut: the legend is its key.
    const size = fontSize(spec, "legend", 10);
    const fits = (line) => textWidth(line, size, spec) <= room;
    const lines = Object.fromEntries(labels.filter((label) => !fits(label)).map((label) => [label, wrap(label, fits)]));
    if (!Object.keys(lines).length) return;
    const labelExpr = `${JSON.stringify(lines)}[datum.label] || datum.label`;
    for (const def of legendFields(spec)) def.legend = Object.assign({ labelExpr }, def.legend);
  }

  function fitLegends(spec, width, narrow, left) {
    // On a phone, legends take at most two columns, wherever they are set, and stack one
    // under the other; a label longer than the room under the plot wraps.
    if (!narrow) return;
    // A legend starts under the plot, after any names down the left side (``left`` px): one
    // column then, and one column for labels too long to sit two abreast.
    const labels = legendLabels(spec);
    const widest = Math.max(0, ...labels.map((label) => textWidth(label, fontSize(spec, "legend", 10), spec)));
    const columns = left || widest > (width - 38) / 2 - 30 ? 1 : 2;
    const legend = ((spec.config = spec.config || {}).legend = spec.config.legend || {});
    legend.columns = columns;
    legend.labelLimit = Math.max(80, Math.floor((width - left - 10) / columns) - 30);
    legend.layout = { bottom: { anchor: "start", direction: "vertical" } };
    wrapLegendLabels(spec, labels, legend.labelLimit);
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
      x.title = wrapChars(x.title, room, textWidth(x.title, size, spec, "bold") / x.title.length);
    });
  }

  const columnWidth = (el) => (el.parentElement || el).clientWidth || 600;

  const actionsRoom = (options) => (options && options.actions === false ? 0 : ACTIONS);

  function adapt(spec, el, options, narrower = 0) {
    // ``narrower``: pixels the chart drawn for this column overran it by (see draw).
    const width = columnWidth(el) - narrower;
    const narrow = width < NARROW;
    const fitted = JSON.parse(JSON.stringify(spec));
    // The container's width, as a number: Vega's own re-fitting of a "container" width on a
    // window's resize leaves the rest of the layout (titles, legends, panels) at the old width.
    if (fitted.width === "container") fitted.width = width - actionsRoom(options);
    fitTitle(fitted, width - 50, fitFonts(fitted, narrow)); // 50 px: the actions button
    fitCompound(fitted, width, narrow);
    fitPanelHeaders(fitted);
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
    // A tap is a click without a hover first: show the tooltip of what was tapped, or of the
    // nearest value within a finger's width (a finger on a line lands on the line, whose
    // points carry the values).
    view.addEventListener("click", (event, item) => {
      if (event.pointerType === "mouse") return;
      const tapped = item && item.tooltip != null ? item : nearestValue(view, event);
      if (tapped) view._tooltip(view._handler, event, tapped, tapped.tooltip);
    });
  }

  function nearestValue(view, event) {
    const distance = ({ x, y }) => Math.hypot(x - event.clientX, y - event.clientY);
    const near = stops(view).filter((stop) => distance(stop) <= FINGER);
    near.sort((a, b) => distance(a) - distance(b));
    return near.length ? near[0].item : null;
  }

  function tooltipsOnScreen(view) {
    // Vega's tooltip sits beside the pointer; wider than the room on either side (a phone), it
    // is put above and to the left, off the screen and over the title. Keep it on the screen,
    // under the pointer when there is room.
    const show = view._tooltip;
    // (set where the view and its event handler keep it: view.tooltip() would draw it anew)
    view._tooltip = view._handler._tooltip = function (handler, event, item, value) {
      show.call(this, handler, event, item, value);
      const tip = document.getElementById("vg-tooltip-element");
      if (!tip || value == null || value === "") return;
      const box = tip.getBoundingClientRect();
      const [right, bottom] = [document.documentElement.clientWidth, window.innerHeight];
      if (box.left >= 0 && box.top >= 0 && box.right <= right && box.bottom <= bottom) return;
      const clamp = (at, size, end) => Math.max(MARGIN, Math.min(at, end - size - MARGIN));
      const below = event.clientY + MARGIN * 3;
      const top = below + box.height <= bottom ? below : event.clientY - box.height - MARGIN * 3;
      tip.style.left = `${clamp(event.clientX - box.width / 2, box.width, right)}px`;
      tip.style.top = `${clamp(top, box.height, bottom)}px`;
    };
  }

  // ---- Keyboards and screen readers: every control a pointer has, reachable by Tab.

  function nameActions(el) {
    // Vega-Embed's actions menu opens from an icon with no text: give it a name.
    const summary = el.querySelector("details > summary");
    if (summary) summary.setAttribute("aria-label", WORDS.actions);
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

  function legendKeys(chart, view, spec) {
    // ``chart.picked``: the series picked in this view's legends (kept when it is redrawn).
    const stores = legendStores(spec);
    const pick = () => {
      chart.picked = new Set(stores.flatMap((store) => view.data(store)).flatMap((tuple) => tuple.values).map(String));
    };
    pick();
    markLegendEntries(chart.el, chart.picked);
    for (const store of stores) {
      view.addDataListener(store, () => {
        pick();
        legendEntries(chart.el).forEach((entry) =>
          entry.setAttribute("aria-pressed", String(chart.picked.has(entry.dataset.value))),
        );
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
    return typeof value === "object"
      ? Object.entries(value)
          .map(([k, v]) => WORDS.pair(k, v))
          .join(WORDS.between)
      : String(value);
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
    hint.textContent = WORDS.keys;
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
      said.textContent = `${describeValue(item.tooltip)}${WORDS.position(index + 1, all.length)}`;
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

  function keyboardAndScreenReaders(chart, view, spec) {
    nameActions(chart.el);
    legendKeys(chart, view, spec);
    pointKeys(chart.el, view);
  }

  // ---- Drawing, and drawing again for a new width: a phone turned, a window resized, a page
  // zoomed. Each time the chart is drawn from its spec as a first load at that width would.

  function readerState(view, spec) {
    // What the reader set: the sliders' values and the series picked in legends.
    const sliders = [];
    visitNodes(spec, (node) =>
      (node.params || []).forEach((param) => param.bind && param.bind !== "legend" && sliders.push(param.name)),
    );
    return {
      signals: sliders.map((name) => [name, view.signal(name)]),
      data: legendStores(spec).map((store) => [store, JSON.parse(JSON.stringify(view.data(store)))]),
    };
  }

  function restoreState(view, { signals, data }) {
    signals.forEach(([name, value]) => view.signal(name, value));
    data.forEach(([store, tuples]) => view.data(store, tuples));
    return view.runAsync();
  }

  async function draw(chart) {
    const { el, spec, options } = chart;
    const previous = chart.result;
    const state = previous && readerState(previous.view, spec);
    const focused = el.contains(document.activeElement);
    if (previous) previous.finalize();
    chart.width = columnWidth(el);
    delete el.dataset.fittedWidth; // (tests wait for it: drawn for this width)
    let result = (chart.result = await embed(el, adapt(spec, el, options), { ...options, ...localeOptions() }));
    // Titles are wrapped by an average glyph's width and a concatenation's panels keep the
    // book's estimate of room for their labels (``reserve``): a chart whose words took more
    // would push its actions button off the column. Drawn once more, as for a column narrower
    // by as much.
    const over = Math.ceil(el.querySelector("svg").getBoundingClientRect().width - (chart.width - actionsRoom(options)));
    if (over > 0) {
      result.finalize();
      result = chart.result = await embed(el, adapt(spec, el, options, over), { ...options, ...localeOptions() });
    }
    tooltipsOnScreen(result.view);
    if (state) await restoreState(result.view, state);
    tapForTooltips(result.view);
    describeSliders(el, (spec.usermeta && spec.usermeta.japan_us) || {});
    keyboardAndScreenReaders(chart, result.view, spec);
    if (focused) result.view.container().focus();
    el.dataset.fittedWidth = chart.width;
    return result;
  }

  function redraw(chart) {
    // Once the column has settled (a window being dragged changes it many times a second),
    // after any drawing under way; never while printing, which takes the charts as drawn.
    clearTimeout(chart.timer);
    chart.timer = setTimeout(() => {
      chart.drawing = chart.drawing.then(() => {
        if (columnWidth(chart.el) !== chart.width && !matchMedia("print").matches) return draw(chart);
      });
    }, 150);
  }

  const charts = new Map(); // chart element -> {el, spec, options, result, width, picked}
  const resized = new ResizeObserver((entries) => entries.forEach((entry) => redraw(charts.get(entry.target))));

  function follow(chart) {
    // What stays with the chart's element whichever view draws it.
    const { el } = chart;
    el.addEventListener("keydown", onChartKey);
    // Vega sets a legend's role again, or draws new entries, when it redraws the legend.
    new MutationObserver(() => markLegendEntries(el, chart.picked)).observe(el, {
      subtree: true,
      childList: true,
      attributeFilter: ["role"],
    });
    charts.set(el, chart);
    resized.observe(el);
  }

  // Number and date words in the page's language (d3's ja-JP locales, as vl-convert ships
  // them): months as 1月…12月 on time axes.
  const LOCALES = {
    ja: {
      formatLocale: {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", "円"]},
      timeFormatLocale: {"dateTime": "%x %a %X", "date": "%Y/%m/%d", "time": "%H:%M:%S", "periods": ["午前", "午後"], "days": ["日曜日", "月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日"], "shortDays": ["日", "月", "火", "水", "木", "金", "土"], "months": ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"], "shortMonths": ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"]},
    },
  };
  function localeOptions() {
    return LOCALES[document.documentElement.lang] || {};
  }

  window.vegaEmbed = (el, spec, options) => {
    const chart = { el, spec, options, picked: new Set() };
    chart.drawing = draw(chart);
    follow(chart);
    return chart.drawing;
  };

  for (const call of queued) {
    window.vegaEmbed(call.el, call.spec, call.options).then(call.resolve, call.reject);
  }
  queued.length = 0;
})();
