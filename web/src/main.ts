import './style.css';
import { homeView } from './views/home.js';
import { datasetView } from './views/dataset.js';
import { errorText, h, showError } from './dom.js';
import { setTitle } from './title.js';
import { fileRoute } from './route-hash.js';

const root = document.getElementById('app')!;

async function route(): Promise<void> {
  showError(undefined, root);
  // Each visit renders into a stage of its own, so a slower earlier visit that is still loading
  // finishes into its detached stage and never writes over the page now shown.
  const stage = h('div', { class: 'view' });
  root.replaceChildren(stage);
  const match = fileRoute(location.hash);
  // A dataset page names its file once it is known (datasetView); until then, what kind of page it is.
  setTitle(match ? 'Dataset' : 'Datasets');
  try {
    if (match) await datasetView(stage, match.file, match.row);
    else await homeView(stage);
  } catch (e) {
    if (stage.isConnected) setTitle('Something went wrong');
    stage.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', {}, errorText(e)), h('a', { href: '#/' }, 'Back to datasets'));
  }
  // Focus moves to the new page for screen readers, without scrolling: the user keeps their place.
  // Sections are usable before the view settles: a field the user has already entered keeps focus.
  if (stage.isConnected && !stage.contains(document.activeElement)) root.focus({ preventScroll: true });
}

window.addEventListener('hashchange', () => void route());
void route();
