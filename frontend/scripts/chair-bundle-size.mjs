// Initial JavaScript of the /chair PWA: every <script type="module"> and <link rel="modulepreload"> in
// dist/chair.html, gzip-compressed (level 9, what the server and nginx send). Budget: 120 KB (issue 12).
// Also checks that none of those files is the officer app's entry or screens.
import { checkBudget } from './bundle-size.mjs';

checkBudget('chair.html', 120, /\/assets\/(main|UnitsPage|ChairPage)-/, 'officer_chunks');
