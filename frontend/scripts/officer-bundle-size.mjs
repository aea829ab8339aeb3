// Initial JavaScript of the officer app: every <script type="module"> and <link rel="modulepreload"> in
// dist/index.html, gzip-compressed (level 9, what the server sends). Budget: 200 KB (issue 9). Screens are split
// per route, so the entry must not preload any of them, nor the chair's PWA.
import { checkBudget } from './bundle-size.mjs';

checkBudget('index.html', 200, /\/assets\/(chair|ChairApp)[-.]/, 'chair_chunks');
