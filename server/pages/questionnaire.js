/* The SKM questionnaire (PermenPAN-RB 14/2017), shared by the phone status page and the survey
   tablet: nine questions one after another with their four answers as big buttons, then an
   optional profile and suggestion, Send, and a thank-you. Words come from the vocabulary; the
   page supplies how to send. Small and plain on purpose: it runs on cheap phones. An ES module. */
import V from "/pages/vocabulary.js";
import { el, word } from "/pages/common.js";
import { translator } from "/pages/i18n.js";

export const TEXTS = {
  progress: ["{i} dari {n}", "{i} of {n}"],
  back: ["\u2039 Kembali", "\u2039 Back"],
  profile_title: ["Tentang Anda (boleh dilewati)", "About you (optional)"],
  sex: ["Jenis kelamin", "Sex"],
  age: ["Umur (tahun)", "Age (years)"],
  education: ["Pendidikan terakhir", "Education"],
  occupation: ["Pekerjaan", "Occupation"],
  choose: ["\u2014 pilih \u2014", "\u2014 choose \u2014"],
  suggestion: ["Saran dan masukan (boleh dikosongkan)", "Suggestions (optional)"],
  suggestion_hint: ["Jangan tulis NIK atau nomor HP di sini.", "Please do not write your NIK or phone number here."],
  send: ["Kirim survei", "Send the survey"],
  sending: ["Mengirim\u2026", "Sending\u2026"],
  thanks_title: ["Terima kasih!", "Thank you!"],
  thanks_text: ["Jawaban Anda sudah kami terima dan membantu kami memperbaiki pelayanan.",
    "We have your answers; they help us improve our service."],
  bad_age: ["Umur diisi angka 10 sampai 120, atau kosongkan.", "Age: a number from 10 to 120, or leave it empty."]
};

const AGE_MIN = 10, AGE_MAX = 120;

/* Build the questionnaire into `root`. `send(body)` posts {answers, profile, suggestion} and
   resolves when kept (or throws an ApiError whose message the form shows, keeping the answers).
   Returns {showThanks(), lang}. `onActivity` is called on every tap (the tablet's idle timer).
   `keep` ({answers, step}), when given, holds the answers so far: a page that redraws the form in
   another language passes the same object and the citizen carries on where she was. */
export function questionnaire(root, { lang = "id", intro = "", send, onActivity = () => {}, onDone = () => {},
  keep = {} }) {
  const t = translator(TEXTS, lang);
  const say = (pair) => (lang === "en" ? pair[1] : pair[0]);
  if (!Array.isArray(keep.answers)) keep.answers = new Array(V.skm_elements.length).fill(null);
  const answers = keep.answers;
  let step = keep.step || 0;

  function activity() { onActivity(); }

  function questionStep(i) {
    const element = V.skm_elements[i];
    const buttons = element.answers.map((pair, k) => el("button", {
      type: "button", class: "q-answer" + (answers[i] === k + 1 ? " chosen" : ""), "data-value": String(k + 1),
      text: say(pair), onclick: () => { activity(); answers[i] = k + 1; go(i + 1); }
    }));
    const head = el("div", { class: "q-head" },
      i > 0 ? el("button", { type: "button", class: "q-back", text: t("back"), onclick: () => { activity(); go(i - 1); } })
        : el("span"),
      el("span", { class: "q-progress", text: t("progress", { i: i + 1, n: V.skm_elements.length }) }));
    const fill = el("div", { class: "q-bar-fill" });
    fill.style.width = `${Math.round(100 * i / V.skm_elements.length)}%`;  // CSSOM: the CSP forbids style=""
    const bar = el("div", { class: "q-bar" }, fill);
    return [head, bar, intro && i === 0 ? el("p", { class: "q-intro", text: intro }) : null,
      el("h3", { class: "q-question", id: "q-question", text: say(element.question) }),
      el("div", { class: "q-answers", role: "group", "aria-labelledby": "q-question" }, ...buttons)];
  }

  function choice(name, table) {
    const select = el("select", { id: `q-${name}`, name, class: "q-select", onchange: activity },
      el("option", { value: "", text: t("choose") }),
      ...Object.keys(table).map((code) => el("option", { value: code, text: word(table, code, lang) })));
    return el("label", { class: "q-field" }, el("span", { text: t(name) }), select);
  }

  function profileStep() {
    const sexes = Object.keys(V.sexes).map((code) => el("label", { class: "q-radio" },
      el("input", { type: "radio", name: "sex", value: code, onchange: activity }),
      el("span", { text: word(V.sexes, code, lang) })));
    const error = el("p", { class: "q-error", id: "q-error", role: "alert", hidden: true });
    const sendButton = el("button", { type: "submit", class: "q-send", id: "q-send", text: t("send") });
    const form = el("form", { class: "q-profile", novalidate: true },
      el("div", { class: "q-head" },
        el("button", { type: "button", class: "q-back", text: t("back"), onclick: () => { activity(); go(answers.length - 1); } }),
        el("span", { class: "q-progress", text: t("progress", { i: answers.length, n: answers.length }) })),
      el("h3", { class: "q-question", text: t("profile_title") }),
      el("fieldset", { class: "q-field q-sexes" }, el("legend", { text: t("sex") }), ...sexes),
      el("label", { class: "q-field" }, el("span", { text: t("age") }),
        el("input", { id: "q-age", name: "age", type: "number", inputmode: "numeric", min: String(AGE_MIN),
          max: String(AGE_MAX), class: "q-input", oninput: activity })),
      choice("education", V.education_levels), choice("occupation", V.occupations),
      el("label", { class: "q-field" }, el("span", { text: t("suggestion") }),
        el("textarea", { id: "q-suggestion", name: "suggestion", maxlength: "1000", rows: "3", class: "q-input",
          oninput: activity }),
        el("small", { class: "q-hint", text: t("suggestion_hint") })),
      error, sendButton);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      activity();
      error.hidden = true;
      const data = new FormData(form);
      const profile = {};
      if (data.get("sex")) profile.sex = data.get("sex");
      const age = String(data.get("age") || "").trim();
      if (age) {
        const n = Number(age);
        if (!Number.isInteger(n) || n < AGE_MIN || n > AGE_MAX) {
          error.textContent = t("bad_age");
          error.hidden = false;
          return;
        }
        profile.age = n;
      }
      if (data.get("education")) profile.education = data.get("education");
      if (data.get("occupation")) profile.occupation = data.get("occupation");
      sendButton.disabled = true;   // a double tap sends once; the server keeps one response anyway
      sendButton.textContent = t("sending");
      try {
        await send({ answers: answers.slice(), profile, suggestion: String(data.get("suggestion") || "").trim() });
        showThanks();
        onDone();
      } catch (err) {
        const body = err.body || {};
        if (body.code === "survey_already_answered") { showThanks(); onDone(); return; }
        error.textContent = (lang === "en" && body.message_en) || body.message || String(err.message || err);
        error.hidden = false;
        sendButton.disabled = false;
        sendButton.textContent = t("send");
      }
    });
    return [form];
  }

  function go(i) {
    step = Math.max(0, Math.min(i, answers.length));
    keep.step = step;
    root.dataset.step = String(step);
    root.replaceChildren(...(step < answers.length ? questionStep(step) : profileStep()).filter(Boolean));
    const first = root.querySelector(".q-question");
    if (first && root.getBoundingClientRect().top < 0) root.scrollIntoView({ block: "start" });
  }

  function showThanks() {
    root.dataset.step = "thanks";
    root.replaceChildren(el("div", { class: "q-thanks", role: "status" },
      el("div", { class: "q-thanks-mark", "aria-hidden": "true", text: "\u2713" }),
      el("h3", { text: t("thanks_title") }), el("p", { text: t("thanks_text") })));
  }

  root.classList.add("questionnaire");
  go(step);
  return { showThanks, lang, get step() { return step; } };
}

/* Just the thank-you, for a ticket already answered (here or on another device). */
export function thanks(root, lang = "id") {
  const t = translator(TEXTS, lang);
  root.classList.add("questionnaire");
  root.dataset.step = "thanks";
  root.replaceChildren(el("div", { class: "q-thanks", role: "status" },
    el("div", { class: "q-thanks-mark", "aria-hidden": "true", text: "\u2713" }),
    el("h3", { text: t("thanks_title") }), el("p", { text: t("thanks_text") })));
}
