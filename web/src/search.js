// The find panel (@codemirror/search), a chunk of its own: loaded the first time
// someone presses Mod-F in the editor or the viewer (editor.js), not on a first visit.
export { highlightSelectionMatches, openSearchPanel, searchKeymap } from '@codemirror/search';
