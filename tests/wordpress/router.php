<?php
// Router for PHP's built-in server in front of Debian's WordPress: existing files are served
// as they are, every other path goes to index.php (pretty permalinks and /wp-json/ routes).
// Debian's wp-config.php picks /etc/wordpress/config-<WORDPRESS_CONFIG>.php for this instance.
$_SERVER['WORDPRESS_CONFIG'] = getenv('WORDPRESS_CONFIG');
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$file = $_SERVER['DOCUMENT_ROOT'] . $path;
if ($path !== '/' && file_exists($file) && !is_dir($file)) {
    return false;
}
if (is_dir($file) && file_exists(rtrim($file, '/') . '/index.php')) {
    return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
