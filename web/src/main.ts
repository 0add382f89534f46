import './style.css';
import { homeView } from './views/home.js';
import { datasetView } from './views/dataset.js';
import { errorText, h, showError } from './dom.js';

const root = document.getElementById('app')!;

async function route(): Promise<void> {
  showError(undefined);
  const match = /^#\/files\/([\w-]+)$/.exec(location.hash);
  try {
    if (match) await datasetView(root, match[1]!);
    else await homeView(root);
  } catch (e) {
    root.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', {}, errorText(e)), h('a', { href: '#/' }, 'Back to datasets'));
  }
  root.focus();
}

window.addEventListener('hashchange', () => void route());
void route();
