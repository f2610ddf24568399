/* citekit's citation page: plain JavaScript, no build step, no network but this server.
 *
 * The list of works is kept as Zotero items (what /cite answers and /export takes) in
 * localStorage; every change re-renders it through POST /bibliography in the chosen
 * CSL style and locale. */
"use strict";

const STORE = "citekit.items";
const STYLE = "citekit.style";
const LOCALE = "citekit.locale";
const ITEM_TYPES = {
  journalArticle: "Journal article", book: "Book", bookSection: "Book chapter",
  conferencePaper: "Conference paper", report: "Report", thesis: "Thesis", webpage: "Web page",
  preprint: "Preprint", dataset: "Dataset", magazineArticle: "Magazine article",
  newspaperArticle: "Newspaper article", blogPost: "Blog post", document: "Document",
  computerProgram: "Software", encyclopediaArticle: "Encyclopedia article",
  presentation: "Presentation", patent: "Patent", standard: "Standard",
};
// Type-specific names of the fields the editor shows under their base name
// (Zotero's schema: bookTitle and websiteTitle are publicationTitle, and so on).
const SPECIFIC = {
  publicationTitle: ["bookTitle", "proceedingsTitle", "websiteTitle", "blogTitle", "forumTitle",
    "dictionaryTitle", "encyclopediaTitle", "programTitle", "sessionTitle"],
  publisher: ["label", "company", "distributor", "repository", "institution", "university", "network", "studio"],
  date: ["dateDecided", "dateEnacted", "issueDate"],
  title: ["caseName", "nameOfAct", "subject"],
};
const FIELDS = ["title", "date", "publicationTitle", "volume", "issue", "pages", "publisher", "place",
  "DOI", "url", "ISBN", "ISSN"];

const $ = (id) => document.getElementById(id);
let items = load();
let entries = [];  // the last rendering: [{index, html, text}] in the style's order
let renderToken = 0;

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE) || "[]");
    return Array.isArray(saved) ? saved.filter((i) => i && typeof i === "object" && i.itemType) : [];
  } catch (err) {
    return [];
  }
}

function save() {
  try {
    localStorage.setItem(STORE, JSON.stringify(items));
  } catch (err) {
    say("Could not save the list in this browser: " + err.message);
  }
}

function say(text) {
  $("status").textContent = text;
}

// A title's text without its rich-text markup (<i>, <sup>...), for labels and messages.
// DOMParser builds an inert document: nothing in it runs or loads.
function plainText(html) {
  return new DOMParser().parseFromString(html || "", "text/html").body.textContent || "";
}

function showProblems(problems) {
  const list = $("problems");
  list.replaceChildren(...problems.map((p) => {
    const li = document.createElement("li");
    li.textContent = p;
    return li;
  }));
  list.hidden = problems.length === 0;
}

async function post(path, body, type) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": type },
    body: type === "application/json" ? JSON.stringify(body) : body,
  });
  if (!response.ok) {
    const message = (await response.text()).trim();
    throw new Error(message || `${response.status} ${response.statusText}`);
  }
  return response;
}

function styleParams() {
  const params = new URLSearchParams({ style: $("style").value || "apa" });
  if ($("locale").value) params.set("locale", $("locale").value);
  return params.toString();
}

async function render() {
  const token = ++renderToken;
  $("empty").hidden = items.length > 0;
  if (!items.length) {
    entries = [];
    $("bibliography").replaceChildren();
    return;
  }
  try {
    const response = await post(`/bibliography?${styleParams()}`, items, "application/json");
    const data = await response.json();
    if (token !== renderToken) return;  // a newer rendering is under way
    entries = data.entries;
    $("bibliography").replaceChildren(...entries.map((entry) => entryElement(entry)));
  } catch (err) {
    if (token === renderToken) say("Could not format the bibliography: " + err.message);
  }
}

function entryElement(entry) {
  const node = $("entry-template").content.firstElementChild.cloneNode(true);
  const item = items[entry.index];
  node.dataset.key = item.key || "";
  // The server escapes every value it formats; the markup is the style's (<i>, <b>...).
  node.querySelector(".csl-entry").innerHTML = entry.html;
  const label = (plainText(item.title) || "this work").slice(0, 60);
  const edit = node.querySelector(".edit");
  const remove = node.querySelector(".remove");
  edit.setAttribute("aria-label", `Edit ${label}`);
  remove.setAttribute("aria-label", `Remove ${label}`);
  remove.addEventListener("click", () => removeItem(item.key, label));
  edit.addEventListener("click", () => openEditor(node, entry.index));
  return node;
}

function removeItem(key, label) {
  items = items.filter((i) => i.key !== key);
  save();
  say(`Removed ${label}.`);
  render().then(() => $("q").focus());
}

function creatorLines(creators) {
  return (creators || []).map((c) => {
    const name = c.name || [c.lastName, c.firstName].filter(Boolean).join(", ");
    const role = c.creatorType && c.creatorType !== "author" ? ` (${c.creatorType})` : "";
    return name + role;
  }).join("\n");
}

function parseCreators(text) {
  return text.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
    const role = line.match(/\s*\(([A-Za-z]+)\)\s*$/);
    const name = role ? line.slice(0, role.index).trim() : line;
    const creatorType = role ? role[1] : "author";
    const comma = name.indexOf(",");
    if (comma < 0) return { name, creatorType };
    return { lastName: name.slice(0, comma).trim(), firstName: name.slice(comma + 1).trim(), creatorType };
  });
}

function fieldValue(item, field) {
  if (item[field]) return item[field];
  for (const specific of SPECIFIC[field] || []) {
    if (item[specific]) return item[specific];
  }
  return "";
}

function openEditor(node, index) {
  const form = node.querySelector(".editor");
  const edit = node.querySelector(".edit");
  const item = items[index];
  const types = form.elements.itemType;
  const known = { ...ITEM_TYPES };
  if (!known[item.itemType]) known[item.itemType] = item.itemType;
  types.replaceChildren(...Object.entries(known).map(([value, text]) => new Option(text, value)));
  types.value = item.itemType;
  for (const field of FIELDS) form.elements[field].value = fieldValue(item, field);
  form.elements.creators.value = creatorLines(item.creators);
  form.hidden = false;
  edit.setAttribute("aria-expanded", "true");
  form.elements.title.focus();
  form.onsubmit = (event) => {
    event.preventDefault();
    const updated = { ...item, itemType: types.value, creators: parseCreators(form.elements.creators.value) };
    for (const field of FIELDS) {
      for (const specific of SPECIFIC[field] || []) delete updated[specific];
      const value = form.elements[field].value.trim();
      if (value) updated[field] = value;
      else delete updated[field];
    }
    items[index] = updated;
    save();
    say(`Saved ${(plainText(updated.title) || "the work").slice(0, 60)}.`);
    render();
  };
  form.querySelector(".cancel").onclick = () => {
    form.hidden = true;
    edit.setAttribute("aria-expanded", "false");
    edit.focus();
  };
}

async function cite(event) {
  event.preventDefault();
  const text = $("q").value.trim();
  if (!text) {
    say("Paste a link, an identifier or references first.");
    return;
  }
  const button = $("cite-button");
  button.disabled = true;
  say("Looking it up…");
  showProblems([]);
  try {
    const response = await post("/cite", text, "text/plain;charset=utf-8");
    const data = await response.json();
    const byKey = new Map(items.map((item, i) => [item.key, i]));
    for (const item of data.items) {
      if (byKey.has(item.key)) items[byKey.get(item.key)] = item;  // cited again: the new version
      else items.push(item);
    }
    save();
    showProblems(data.problems);
    const n = data.items.length;
    say(n ? `Added ${n} ${n === 1 ? "work" : "works"}.` : "Nothing was found.");
    if (n) $("q").value = "";
    await render();
  } catch (err) {
    say(err.message);
  } finally {
    button.disabled = false;
  }
}

async function copy(kind) {
  if (!entries.length) {
    say("Nothing to copy yet.");
    return;
  }
  const text = entries.map((e) => e.text).join("\n");
  const html = `<div class="csl-bib-body">${entries.map((e) => `<div class="csl-entry">${e.html}</div>`).join("")}</div>`;
  try {
    if (kind === "html" && window.ClipboardItem && navigator.clipboard && navigator.clipboard.write) {
      await navigator.clipboard.write([new ClipboardItem({
        "text/html": new Blob([html], { type: "text/html" }),
        "text/plain": new Blob([text], { type: "text/plain" }),
      })]);
    } else if (navigator.clipboard && navigator.clipboard.writeText) {
      await navigator.clipboard.writeText(kind === "html" ? html : text);
    } else {
      fallbackCopy(kind === "html" ? html : text);
    }
    say(kind === "html" ? "Copied as HTML." : "Copied as text.");
  } catch (err) {
    fallbackCopy(kind === "html" ? html : text);
    say(kind === "html" ? "Copied as HTML." : "Copied as text.");
  }
}

function fallbackCopy(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "offscreen";
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

async function download(format, name) {
  if (!items.length) {
    say("Nothing to download yet.");
    return;
  }
  try {
    const response = await post(`/export?format=${format}`, items, "application/json");
    const blob = await response.blob();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    say(`Downloaded ${name}.`);
  } catch (err) {
    say("Could not export: " + err.message);
  }
}

function setStyles(styles) {
  const select = $("style");
  const current = select.value || localStorage.getItem(STYLE) || "apa";
  const options = styles.map((s) => new Option(s.title, s.id));
  if (current && !styles.some((s) => s.id === current)) {
    options.unshift(new Option(select.selectedOptions[0] ? select.selectedOptions[0].text : current, current));
  }
  select.replaceChildren(...options);
  select.value = current;
}

let styleTimer = null;
async function findStyles() {
  const query = $("style-query").value.trim();
  try {
    const response = await fetch(`/styles?q=${encodeURIComponent(query)}`);
    const styles = await response.json();
    setStyles(styles);
    if (query) say(`${styles.length} ${styles.length === 1 ? "style matches" : "styles match"} “${query}”.`);
  } catch (err) {
    say("Could not search the styles: " + err.message);
  }
}

async function start() {
  $("cite-form").addEventListener("submit", cite);
  $("q").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("cite-form").requestSubmit();
  });
  $("copy-text").addEventListener("click", () => copy("text"));
  $("copy-html").addEventListener("click", () => copy("html"));
  $("download-bib").addEventListener("click", () => download("bibtex", "citations.bib"));
  $("download-ris").addEventListener("click", () => download("ris", "citations.ris"));
  $("download-json").addEventListener("click", () => download("csljson", "citations.json"));
  $("clear").addEventListener("click", () => {
    if (!items.length || !window.confirm("Remove every work from the list?")) return;
    items = [];
    save();
    say("The list is empty.");
    render();
  });
  $("style-query").addEventListener("input", () => {
    clearTimeout(styleTimer);
    styleTimer = setTimeout(findStyles, 200);
  });
  $("style").addEventListener("change", () => {
    localStorage.setItem(STYLE, $("style").value);
    render();
  });
  $("locale").addEventListener("change", () => {
    localStorage.setItem(LOCALE, $("locale").value);
    render();
  });
  // The chosen style first (the list fills in as the user searches), then the locales.
  const style = localStorage.getItem(STYLE) || "apa";
  $("style").replaceChildren(new Option(style, style));
  render();
  try {
    const named = (await (await fetch(`/styles?q=${encodeURIComponent(style)}`)).json()).find((s) => s.id === style);
    if (named) $("style").options[0].text = named.title;
  } catch (err) {
    // the id stays as its label
  }
  await findStyles();
  try {
    const locales = await (await fetch("/locales")).json();
    const chosen = localStorage.getItem(LOCALE) || "";
    $("locale").append(...locales.map((l) => new Option(l, l)));
    $("locale").value = chosen;
  } catch (err) {
    say("Could not list the languages: " + err.message);
  }
}

start();
