import { render } from 'solid-js/web';
import { App } from './App';
import { registerServiceWorker } from './sw-bridge';
import { locale } from './i18n';
import './styles.css';

document.documentElement.lang = locale();
const root = document.getElementById('root');
if (root) render(() => <App />, root);
void registerServiceWorker();
