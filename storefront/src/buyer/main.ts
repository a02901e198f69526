import urql from '@urql/vue'
import 'vant/es/dialog/style'
import 'vant/es/notify/style'
import 'vant/es/toast/style'
import 'vant/es/image-preview/style'
import { createApp } from 'vue'
import { api } from './api'
import App from './App.vue'
import { i18n } from './i18n'
import { currentLocale, setLocale } from './locale'
import { router } from './router'
import './styles.css'

setLocale(currentLocale.value)
createApp(App).use(i18n).use(router).use(urql, api.client).mount('#app')
